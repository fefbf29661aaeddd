// A study's results: each finished run's success, timing and rates read from its report folder, and per
// agent × task the mean over seeds ± standard error, a 95% bootstrap interval and one run's binomial error.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_FILES } from '../online/run-report.js';
import { bootstrapInterval, binomialStandardError, mean, standardError, BOOTSTRAP_DEFAULTS } from './study-statistics.js';
import type { StudyCell } from './study-plan.js';
import { ATTEMPTS_FILE } from './study-run-process.js';

export interface RunResult {
  agent: string; task: string; seed: number;
  /** Success at the end of the run (after fine-tuning when there was an online phase). */
  success: number;
  /** Success at the end of the offline phase. */
  offlineSuccess: number | null;
  episodesPerEval: number;
  finalStep: number;
  /** Wall time of the run's process, summed over its attempts when it was interrupted and resumed. */
  wallSec: number;
  attempts: number;
  offlineUpdatesPerSec: number | null;
  onlineUpdatesPerSec: number | null;
}

export interface Estimate { mean: number; standardError: number; ci95: [number, number] }

export interface GroupResult {
  agent: string; task: string;
  seeds: number[];
  success: Estimate;
  offlineSuccess: Estimate | null;
  episodesPerEval: number;
  /** sqrt(p (1 − p) / episodes) at the mean success: how noisy one run's evaluation is. */
  runBinomialStandardError: number;
}

export interface StudyResults {
  format: 'qflow-study'; version: 1;
  bootstrap: { resamples: number; level: number; seed: number };
  groups: GroupResult[];
  runs: RunResult[];
  /** Cells without a finished run (failed or not run yet). */
  missing: { agent: string; task: string; seed: number }[];
}

interface SuccessJson { rows: unknown[]; mean: { before: number | null; after: number | null }; episodesPerTask: number }

export function readRunResult(cell: Pick<StudyCell, 'agent' | 'label' | 'seed' | 'dir'>): RunResult | undefined {
  const summaryPath = join(cell.dir, REPORT_FILES.summary);
  if (!existsSync(summaryPath)) return undefined;
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
  const table = JSON.parse(readFileSync(join(cell.dir, REPORT_FILES.successJson), 'utf8')) as SuccessJson;
  const success = table.mean.after ?? table.mean.before;
  if (success === null) throw new Error(`${cell.dir}: the run recorded no evaluation`);
  return {
    agent: cell.agent, task: cell.label, seed: cell.seed, success, offlineSuccess: table.mean.before,
    episodesPerEval: table.episodesPerTask * table.rows.length, finalStep: summary.finalStep, ...wallTime(cell.dir, summary.times.totalSec),
    offlineUpdatesPerSec: summary.offlineUpdatesPerSec ?? null, onlineUpdatesPerSec: summary.online?.updatesPerSec ?? null,
  };
}

/** The attempts' summed wall time; a run not started by a study has only its own total. */
function wallTime(dir: string, runTotalSec: number): { wallSec: number; attempts: number } {
  const path = join(dir, ATTEMPTS_FILE);
  if (!existsSync(path)) return { wallSec: runTotalSec, attempts: 1 };
  const attempts = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { wallSec: number });
  return { wallSec: attempts.reduce((a, x) => a + x.wallSec, 0), attempts: attempts.length };
}

export function estimate(xs: number[]): Estimate {
  return { mean: mean(xs), standardError: standardError(xs), ci95: bootstrapInterval(xs, BOOTSTRAP_DEFAULTS) };
}

export function summarizeRuns(cells: readonly StudyCell[]): StudyResults {
  const runs: RunResult[] = [];
  const missing: StudyResults['missing'] = [];
  for (const cell of cells) {
    const r = readRunResult(cell);
    if (r) runs.push(r);
    else missing.push({ agent: cell.agent, task: cell.label, seed: cell.seed });
  }
  const groups: GroupResult[] = [];
  for (const key of [...new Set(cells.map((c) => `${c.agent}\n${c.label}`))]) {
    const [agent, task] = key.split('\n') as [string, string];
    const rs = runs.filter((r) => r.agent === agent && r.task === task);
    if (!rs.length) continue;
    const success = estimate(rs.map((r) => r.success));
    const offline = rs.map((r) => r.offlineSuccess).filter((x): x is number => x !== null);
    const episodesPerEval = Math.min(...rs.map((r) => r.episodesPerEval));
    groups.push({
      agent, task, seeds: rs.map((r) => r.seed), success, offlineSuccess: offline.length === rs.length ? estimate(offline) : null,
      episodesPerEval, runBinomialStandardError: binomialStandardError(success.mean, episodesPerEval),
    });
  }
  return { format: 'qflow-study', version: 1, bootstrap: { ...BOOTSTRAP_DEFAULTS }, groups, runs, missing };
}
