// A study's report folder: results.json (every run and every agent × task estimate), report.md (the table,
// per-run timings and the command that reruns each cell) and curves-<task>.svg.
import { replaceFile } from '../files/replace-file.js';
import { join } from 'node:path';
import { agentCurves, renderStudyCurves } from './study-curves.js';
import { cellCommand } from './study-run-process.js';
import { summarizeRuns, type Estimate, type StudyResults } from './study-results.js';
import type { StudyPlan } from './study-plan.js';

export const STUDY_FILES = { results: 'results.json', report: 'report.md' } as const;

export function curvesFile(task: string): string {
  return `curves-${task}.svg`;
}

export function writeStudyReport(plan: StudyPlan): StudyResults {
  const results = summarizeRuns(plan.cells);
  replaceFile(join(plan.out, STUDY_FILES.results), JSON.stringify(results, null, 2) + '\n');
  for (const label of plan.labels) {
    const curves = agentCurves(plan.cells, label);
    if (curves.length) replaceFile(join(plan.out, curvesFile(label)), renderStudyCurves(curves, `${label}: evaluation success`));
  }
  replaceFile(join(plan.out, STUDY_FILES.report), studyMarkdown(plan, results));
  return results;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const est = (e: Estimate | null) => (e ? `${pct(e.mean)} ± ${pct(e.standardError)} [${pct(e.ci95[0])}, ${pct(e.ci95[1])}]` : '–');
const num = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));

export function studyMarkdown(plan: StudyPlan, r: StudyResults): string {
  const c = plan.cells[0]!.config;
  const lines = [
    `# Study: ${plan.agents.join(', ')} on ${plan.tasks.join(', ')}`,
    '',
    `Seeds ${plan.seeds.join(', ')}; every run ${c.offlineSteps} offline updates, then ${c.onlineSteps} online env steps ` +
      `(utd ${c.utd}), preset settings per agent and task, batch ${c.agentConfig.batchSize}; evaluation ${c.evalEpisodes} episodes per task ` +
      `on tasks ${c.evalTasks.join(',')}. ${r.runs.length} of ${plan.cells.length} runs finished.`,
    '',
    `Success at the end of each run: mean over seeds ± standard error [95% percentile bootstrap interval over seeds, ` +
      `${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed}]. "Run binomial SE" is one run's evaluation noise, ` +
      'sqrt(p(1−p)/episodes) at the mean p: differences smaller than it are not resolved by the evaluation.',
    '',
    '| agent | task | seeds | success | after offline phase | episodes / evaluation | run binomial SE |',
    '|---|---|---|---|---|---|---|',
    ...r.groups.map((g) => `| ${g.agent} | ${g.task} | ${g.seeds.length} | ${est(g.success)} | ${est(g.offlineSuccess)} | ` +
      `${g.episodesPerEval} | ${pct(g.runBinomialStandardError)} |`),
    '',
    ...plan.labels.map((t) => `![${t}](${curvesFile(t)})`),
    '',
    '## Runs',
    '',
    'Wall time: the run\'s process from start to report (summed over attempts when it was resumed). Offline updates/s ' +
      'counts the evaluations in the offline phase\'s time (of the last attempt); online updates/s counts env waits.',
    '',
    '| agent | task | seed | success | updates | wall time (s) | attempts | offline updates/s | online updates/s |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.runs.map((x) => `| ${x.agent} | ${x.task} | ${x.seed} | ${pct(x.success)} | ${x.finalStep} | ${num(x.wallSec, 0)} | ${x.attempts} | ` +
      `${num(x.offlineUpdatesPerSec)} | ${num(x.onlineUpdatesPerSec)} |`),
  ];
  if (r.missing.length) {
    lines.push('', `Not finished: ${r.missing.map((m) => `${m.agent}/${m.task}/seed${m.seed}`).join(', ')}.`);
  }
  lines.push('', '## Rerunning one cell', '', 'From the repository root (a finished run also has `config.json`: `qflow train --config RUN/config.json`):', '',
    '```', ...plan.cells.map(cellCommand), '```');
  return lines.join('\n') + '\n';
}
