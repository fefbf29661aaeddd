// The Markdown table `qflow experts eval` prints: per direction env the mean speed along the commanded direction and
// the fall rate; per (maze or soccer env, task) the success rate, and each env's mean over its tasks.
import type { EpisodeOutcome } from './expert-evaluation.js';
import { DIRECTION_ENVS, type EvaluationRow } from './evaluation-plan.js';

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean ± standard error, with `digits` decimals. */
function meanWithError(values: number[], digits: number): string {
  const m = mean(values);
  const error = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1) / values.length) : 0;
  return `${m.toFixed(digits)} ± ${error.toFixed(digits)}`;
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;

export function evaluationTable(rows: readonly EvaluationRow[], outcomes: readonly EpisodeOutcome[][]): string {
  const lines: string[] = [];
  const direction = rows.flatMap((row, k) => (row.kind === 'direction' ? [k] : []));
  if (direction.length) {
    lines.push('| env | episodes | speed along the direction (m/s) | falls |', '|---|---|---|---|');
    for (const k of direction) {
      const episodes = outcomes[k]!;
      const dt = DIRECTION_ENVS[rows[k]!.envId]!.controlStep;
      const speeds = episodes.map((e) => e.progress! / (e.steps * dt));
      lines.push(`| ${rows[k]!.env} | ${episodes.length} | ${meanWithError(speeds, 3)} | ${percent(episodes.filter((e) => e.fell).length, episodes.length)} |`);
    }
  }
  const goals = rows.flatMap((row, k) => (row.kind === 'direction' ? [] : [k]));
  if (goals.length) {
    if (lines.length) lines.push('');
    lines.push('| env | task | episodes | success | mean steps to success |', '|---|---|---|---|---|');
    const byEnv = new Map<string, number[]>();
    for (const k of goals) byEnv.set(rows[k]!.env, [...(byEnv.get(rows[k]!.env) ?? []), k]);
    for (const [env, ks] of byEnv) {
      for (const k of ks) lines.push(goalLine(env, `task${rows[k]!.task}`, outcomes[k]!));
      if (ks.length > 1) lines.push(goalLine(env, '**all**', ks.flatMap((k) => outcomes[k]!)));
    }
  }
  return lines.join('\n');
}

function goalLine(env: string, task: string, episodes: readonly EpisodeOutcome[]): string {
  const successes = episodes.filter((e) => e.success);
  const steps = successes.length ? mean(successes.map((e) => e.steps)).toFixed(0) : '–';
  return `| ${env} | ${task} | ${episodes.length} | ${percent(successes.length, episodes.length)} | ${steps} |`;
}
