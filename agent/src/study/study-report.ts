// A study's report folder: results.json (every run and every agent × row estimate), report.md (success per budget,
// where Q-Flow separates from its baselines, online fine-tuning against its control, training diagnostics, per-run
// timings and the commands that rerun each cell) and curves-<row>.svg / .png.
import { replaceFile } from '../files/replace-file.js';
import { join } from 'node:path';
import { PNG_MISSING, svgToPng } from '../reports/svg-to-png.js';
import { agentCurves, renderStudyCurves } from './study-curves.js';
import { armCommand, cellCommand } from './study-run-process.js';
import { summarizeRuns, type Diagnostics, type Estimate, type GroupResult, type StudyResults } from './study-results.js';
import type { StudyPlan } from './study-plan.js';
import { agentName } from '../reports/agent-names.js';

export const STUDY_FILES = { results: 'results.json', report: 'report.md' } as const;

export function curvesFile(label: string, ext: 'svg' | 'png' = 'svg'): string {
  return `curves-${label}.${ext}`;
}

export interface StudyReport { results: StudyResults; png: { written: number; missing?: string } }

export function writeStudyReport(plan: StudyPlan): StudyReport {
  const results = summarizeRuns(plan);
  replaceFile(join(plan.out, STUDY_FILES.results), JSON.stringify(results, null, 2) + '\n');
  let written = 0;
  let missing: string | undefined;
  for (const row of plan.rows) {
    const curves = agentCurves(plan.cells, row);
    if (!curves.length) continue;
    const svg = renderStudyCurves(curves, `${row}: evaluation success`);
    replaceFile(join(plan.out, curvesFile(row)), svg);
    const png = svgToPng(svg);
    if (png) {
      replaceFile(join(plan.out, curvesFile(row, 'png')), png);
      written++;
    } else {
      missing = PNG_MISSING;
    }
  }
  replaceFile(join(plan.out, STUDY_FILES.report), studyMarkdown(plan, results, missing));
  return { results, png: { written, missing } };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const points = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)}`;
const est = (e: Estimate | null) => (!e ? '–' : e.n < 2 ? `${pct(e.mean)} (one seed: no spread)`
  : `${pct(e.mean)} ± ${pct(e.standardError)} [${pct(e.ci95[0])}, ${pct(e.ci95[1])}]`);
const diff = (e: Estimate) => `${points(e.mean)} ± ${(e.standardError * 100).toFixed(1)} [${points(e.ci95[0])}, ${points(e.ci95[1])}] points`;
const num = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));

export function studyMarkdown(plan: StudyPlan, r: StudyResults, pngMissing?: string): string {
  const c = plan.cells[0]!.config;
  const lines = [
    `# Study: ${plan.agents.map(agentName).join(', ')} on ${plan.rows.join(', ')}`,
    '',
    `Seeds ${plan.seeds.join(', ')}; every run ${c.offlineSteps} offline updates, evaluated at the budgets ${plan.budgets.join(', ')} ` +
      `with ${c.evalEpisodes} episodes per task on tasks ${c.evalTasks.join(',')}; preset ${c.agentConfig.preset}, batch ${c.agentConfig.batchSize}, ` +
      `networks ${c.agentConfig.actorHiddenDims.join('×')}; ${settingsLine(plan)}. "+directed" rows use task-directed data (collected towards ` +
      `the evaluated task, as in the demo); the others OGBench-style play data. ${r.runs.length} of ${plan.cells.length} offline runs finished.`,
    '',
    `Mean success over seeds ± standard error [95% percentile bootstrap interval over seeds, ${r.bootstrap.resamples} resamples, ` +
      `seed ${r.bootstrap.seed}]. "Run binomial SE" is one run's evaluation noise, sqrt(p(1−p)/episodes) at the mean p: ` +
      'differences smaller than it are not resolved by the evaluation.',
    '',
    '## Offline success per budget',
    '',
    '| budget (updates) | row | agent | seeds | success | run binomial SE |',
    '|---|---|---|---|---|---|',
    ...plan.budgets.flatMap((budget) => r.groups.flatMap((g) => {
      const b = g.budgets.find((x) => x.budget === budget);
      return b ? [`| ${budget} | ${g.task} | ${agentName(g.agent)} | ${b.seeds.length} | ${est(b.success)} | ${pct(b.runBinomialStandardError)} |`] : [];
    })),
    '',
    ...separationLines(r),
    ...armsLines(plan, r.groups),
    ...diagnosticsLines(plan, r.groups),
    '## Learning curves',
    '',
    'Success against the update step, mean over seeds ± 1 standard error (points at step 1, at the budgets and every ' +
      '--offline-eval-interval updates when set).',
    '',
    ...plan.rows.map((t) => `![${t}](${curvesFile(t, pngMissing ? 'svg' : 'png')}) (SVG: ${curvesFile(t)})`),
    ...(pngMissing ? ['', `No PNG: ${pngMissing}.`] : []),
    '',
    '## Runs',
    '',
    'Wall time: the offline run\'s processes from start to report (summed over attempts when it was resumed; an attempt ' +
      'killed with its study counts until its last write); arms: both ' +
      'arms\' processes. Offline updates/s counts the evaluations in the offline phase\'s time (of the last attempt); ' +
      'online updates/s counts env waits.',
    '',
    '| agent | row | seed | success | updates | wall time (s) | attempts | offline updates/s | arms wall time (s) | online updates/s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.runs.map((x) => `| ${x.agent} | ${x.task} | ${x.seed} | ${pct(x.success)} | ${x.finalStep} | ${num(x.wallSec, 0)} | ${x.attempts} | ` +
      `${num(x.offlineUpdatesPerSec)} | ${num(x.armsWallSec, 0)} | ${num(x.onlineUpdatesPerSec)} |`),
  ];
  if (r.missing.length) {
    lines.push('', `Not finished: ${r.missing.map((m) => `${m.agent}/${m.task}/seed${m.seed}`).join(', ')}.`);
  }
  lines.push('', '## Rerunning one cell', '', 'From the repository root (a finished run also has `config.json`: `qflow train --config RUN/config.json`; ' +
    'an arm needs its offline run\'s checkpoint-offline.msgpack):', '',
    '```', ...plan.cells.flatMap((cell) => [cellCommand(cell), ...cell.arms.map(armCommand)]), '```');
  return lines.join('\n') + '\n';
}

/** λ and α as the runs recorded them (the per-task defaults unless --lambda / --alpha overrode them). */
function settingsLine(plan: StudyPlan): string {
  const values = new Map<string, Set<number>>();
  for (const cell of plan.cells) {
    const a = cell.config.agentConfig;
    const weight = cell.agent === 'qflow' || cell.agent === 'bptt' ? `${agentName(cell.agent)} λ` : cell.agent === 'fql' ? 'FQL α' : undefined;
    if (!weight) continue;
    const key = `${weight}\n${cell.task}`;
    values.set(key, (values.get(key) ?? new Set()).add(cell.agent === 'fql' ? a.alpha : a.guidanceLambda));
  }
  const parts = [...values].map(([key, v]) => { const [weight, task] = key.split('\n'); return `${weight} ${[...v].join(', ')} on ${task}`; });
  return parts.length ? parts.join('; ') : 'no λ / α';
}

function separationLines(r: StudyResults): string[] {
  if (!r.separations.length) return [];
  return [
    '## Where Q-Flow separates',
    '',
    'The smallest budget at which Q-Flow\'s 95% interval lies wholly above (or below) the baseline\'s:',
    '',
    ...r.separations.map((s) => `- ${s.task}, Q-Flow vs ${agentName(s.baseline)}: ` + (s.first
      ? `separates at ${s.first.budget} updates (Q-Flow ${s.first.direction === 'above' ? 'above' : 'below'})`
      : s.comparable ? `not within the budgets run (${r.budgets.join(', ')})`
        : 'not testable: intervals over seeds need 2 or more seeds of each agent (one run\'s binomial SE is the only error bar)')),
    '',
  ];
}

function armsLines(plan: StudyPlan, groups: GroupResult[]): string[] {
  const arms = plan.cells.find((c) => c.arms.length)?.arms;
  if (!arms) return [];
  const c = plan.cells[0]!.config;
  return [
    '## Online fine-tuning against its control',
    '',
    `From each offline run's end (${c.offlineSteps} updates): arm "online", ${plan.onlineSteps} env steps on ${c.numEnvs} envs with ` +
      `utd ${c.utd} (${arms[0]!.updates} updates on dataset + online transitions); arm "control", the same ${arms[0]!.updates} updates ` +
      `on the dataset alone. Both evaluated with ${c.evalEpisodes} episodes per task; the difference is paired by seed.`,
    '',
    '| row | agent | seeds | offline end | online | control | online − control |',
    '|---|---|---|---|---|---|---|',
    ...groups.filter((g) => g.arms).map((g) => `| ${g.task} | ${agentName(g.agent)} | ${g.arms!.seeds.length} | ${est(g.success)} | ` +
      `${est(g.arms!.online)} | ${est(g.arms!.control)} | ${diff(g.arms!.difference)} |`),
    '',
  ];
}

function diagnosticsLines(plan: StudyPlan, groups: GroupResult[]): string[] {
  const fmt = (d: Diagnostics, lambda: number | null) => [num(d.qMean, 2), num(d.guidanceNorm, 3),
    d.guidanceNorm !== null && lambda !== null ? num(d.guidanceNorm / (lambda + 1e-8), 4) : '–', num(d.bcLoss, 4)];
  const lambdaOf = (g: GroupResult) => {
    const cell = plan.cells.find((c) => c.agent === g.agent && c.label === g.task);
    return g.agent === 'qflow' && cell ? cell.config.agentConfig.guidanceLambda : null;
  };
  return [
    '## Training diagnostics',
    '',
    'Means over seeds of the train line logged at each budget (averaged over its log interval): mean Q of the critic on ' +
      'dataset actions; Q-Flow\'s guidance norm mean |∇ₓV| and what the actor target adds, |∇ₓV|/λ; the flow-matching BC ' +
      'loss (Q-Flow: the unguided part of its actor loss; flow BC: its loss; FQL: its BC term). A guidance term that is ' +
      'small next to the BC loss means Q-Flow is, in effect, behaviour cloning.',
    '',
    '| budget | row | agent | mean Q | guidance norm | guidance / λ | BC loss |',
    '|---|---|---|---|---|---|---|',
    ...plan.budgets.flatMap((budget) => groups.flatMap((g) => {
      const b = g.budgets.find((x) => x.budget === budget);
      return b ? [`| ${budget} | ${g.task} | ${agentName(g.agent)} | ${fmt(b.diagnostics, lambdaOf(g)).join(' | ')} |`] : [];
    })),
    '',
  ];
}
