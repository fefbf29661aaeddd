// A study's results: each finished run's success (at every budget, and after each arm), timing, rates and training
// diagnostics read from its folders, and per agent × row the mean over seeds ± standard error, a 95% bootstrap
// interval and one run's binomial error; the online arm against the control paired by seed; and per row the
// smallest budget at which Q-Flow's interval separates from each baseline's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_FILES } from '../online/run-report.js';
import { METRICS_FILE } from '../training/offline-training.js';
import { readJsonLines } from '../files/json-lines.js';
import { bootstrapInterval, binomialStandardError, mean, standardError, BOOTSTRAP_DEFAULTS } from './study-statistics.js';
import { firstSeparation, type FirstSeparation } from './study-separation.js';
import type { StudyCell, StudyPlan } from './study-plan.js';
import { ATTEMPTS_FILE, hasFinished } from './study-run-process.js';

/** Training metrics at a budget (the train line logged there): what the critic and the guidance did. */
export interface Diagnostics {
  /** Mean Q of the outer critic on dataset actions (Q-Flow, FQL). */
  qMean: number | null;
  /** Q-Flow: mean |∇ₓV| of the inner value at the flow's points (the actor target adds it divided by λ). */
  guidanceNorm: number | null;
  /** Flow-matching BC loss of the actor (BC: its whole loss; Q-Flow: the unguided part; FQL: its BC term). */
  bcLoss: number | null;
}

export interface RunResult {
  agent: string; task: string; seed: number;
  /** Success at the end of the offline run (the largest budget). */
  success: number;
  /** Success at each budget (null where the run did not evaluate). */
  budgets: { budget: number; success: number | null; diagnostics: Diagnostics | null }[];
  /** Success at the end of each arm that finished. */
  arms: { online: number | null; control: number | null };
  episodesPerEval: number;
  finalStep: number;
  /** Wall time of the offline run's processes, summed over its attempts when it was interrupted and resumed. */
  wallSec: number;
  attempts: number;
  offlineUpdatesPerSec: number | null;
  /** Wall time of the arms' processes (summed over attempts). */
  armsWallSec: number | null;
  onlineUpdatesPerSec: number | null;
}

/** Over `n` seeds; with one seed the standard error is 0 and the interval a point: no spread is observable. */
export interface Estimate { mean: number; standardError: number; ci95: [number, number]; n: number }

export interface BudgetResult {
  budget: number;
  seeds: number[];
  success: Estimate;
  /** sqrt(p (1 − p) / episodes) at the mean success: how noisy one run's evaluation is. */
  runBinomialStandardError: number;
  /** Means over seeds of the training diagnostics at this budget. */
  diagnostics: Diagnostics;
}

export interface ArmsResult {
  seeds: number[];
  online: Estimate;
  control: Estimate;
  /** online − control, paired by seed. */
  difference: Estimate;
}

export interface GroupResult {
  /** task: the group's label (its row, +lambda<L> in a --lambdas sweep); row: what the agents are compared on. */
  agent: string; task: string; row: string;
  seeds: number[];
  success: Estimate;
  budgets: BudgetResult[];
  arms: ArmsResult | null;
  episodesPerEval: number;
  runBinomialStandardError: number;
}

export interface SeparationResult {
  task: string;
  baseline: string;
  /** Smallest budget at which Q-Flow's interval lies wholly above or below the baseline's; null: at none run. */
  first: FirstSeparation | null;
  /** Whether any budget had 2 or more seeds of both agents, so that intervals could be compared at all. */
  comparable: boolean;
}

export interface StudyResults {
  format: 'qflow-study'; version: 2;
  bootstrap: { resamples: number; level: number; seed: number };
  budgets: number[];
  groups: GroupResult[];
  separations: SeparationResult[];
  runs: RunResult[];
  /** Cells without a finished offline run (failed or not run yet). */
  missing: { agent: string; task: string; seed: number }[];
}

interface SuccessJson { rows: unknown[]; mean: { before: number | null; after: number | null }; episodesPerTask: number }

interface MetricsLine { type?: string; step?: number; phase?: string; success?: number; [k: string]: unknown }

function readLines(path: string): MetricsLine[] {
  if (!existsSync(path)) return [];
  return readJsonLines<MetricsLine>(path);
}

const numberOr = (x: unknown) => (typeof x === 'number' ? x : null);

/** The diagnostics of a train line (null when none was logged at that step). */
export function diagnosticsOf(agent: string, line: MetricsLine | undefined): Diagnostics | null {
  if (!line) return null;
  return {
    qMean: numberOr(line.q_mean), guidanceNorm: numberOr(line.guidance_norm),
    bcLoss: agent === 'bc' ? numberOr(line.actor_loss) : numberOr(line.bc_loss),
  };
}

/** The success an arm's run ended with (its last evaluation), or null when it has not finished. */
function armSuccess(dir: string): number | null {
  if (!hasFinished(dir)) return null;
  const table = JSON.parse(readFileSync(join(dir, REPORT_FILES.successJson), 'utf8')) as SuccessJson;
  return table.mean.after ?? table.mean.before;
}

export function readRunResult(cell: Pick<StudyCell, 'agent' | 'label' | 'seed' | 'dir' | 'arms'>, budgets: readonly number[]): RunResult | undefined {
  if (!hasFinished(cell.dir)) return undefined;
  const summary = JSON.parse(readFileSync(join(cell.dir, REPORT_FILES.summary), 'utf8'));
  const table = JSON.parse(readFileSync(join(cell.dir, REPORT_FILES.successJson), 'utf8')) as SuccessJson;
  const success = table.mean.after ?? table.mean.before;
  if (success === null) throw new Error(`${cell.dir}: the run recorded no evaluation`);
  const lines = readLines(join(cell.dir, METRICS_FILE)).filter((l) => l.phase === undefined);
  const at = (type: string, step: number) => lines.find((l) => l.type === type && l.step === step);
  const arm = (kind: string) => cell.arms.find((a) => a.kind === kind);
  const online = arm('online');
  const control = arm('control');
  const armWall = cell.arms.filter((a) => hasFinished(a.dir)).map((a) => attemptsWallTime(a.dir, 0).wallSec);
  const onlineSummary = online && hasFinished(online.dir) ? JSON.parse(readFileSync(join(online.dir, REPORT_FILES.summary), 'utf8')) : undefined;
  return {
    agent: cell.agent, task: cell.label, seed: cell.seed, success,
    budgets: budgets.map((budget) => ({ budget, success: numberOr(at('eval', budget)?.success), diagnostics: diagnosticsOf(cell.agent, at('train', budget)) })),
    arms: { online: online ? armSuccess(online.dir) : null, control: control ? armSuccess(control.dir) : null },
    episodesPerEval: table.episodesPerTask * table.rows.length, finalStep: summary.finalStep, ...attemptsWallTime(cell.dir, summary.times.totalSec),
    offlineUpdatesPerSec: summary.offlineUpdatesPerSec ?? null,
    armsWallSec: armWall.length ? armWall.reduce((a, b) => a + b, 0) : null,
    onlineUpdatesPerSec: onlineSummary?.online?.updatesPerSec ?? null,
  };
}

/** The attempts' summed wall time; a run not started by a study has only its own total. */
export function attemptsWallTime(dir: string, runTotalSec: number): { wallSec: number; attempts: number } {
  const path = join(dir, ATTEMPTS_FILE);
  if (!existsSync(path)) return { wallSec: runTotalSec, attempts: 1 };
  const attempts = readJsonLines<{ wallSec?: number }>(path).filter((a): a is { wallSec: number } => a.wallSec !== undefined);
  return { wallSec: attempts.reduce((a, x) => a + x.wallSec, 0), attempts: attempts.length };
}

export function estimate(xs: number[]): Estimate {
  return { mean: mean(xs), standardError: standardError(xs), ci95: bootstrapInterval(xs, BOOTSTRAP_DEFAULTS), n: xs.length };
}

function meanOrNull(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? mean(v) : null;
}

function budgetResults(rs: RunResult[], episodesPerEval: number, budgets: readonly number[]): BudgetResult[] {
  return budgets.flatMap((budget) => {
    const at = rs.map((r) => ({ seed: r.seed, ...r.budgets.find((b) => b.budget === budget)! })).filter((b) => b.success !== null);
    if (!at.length) return [];
    const success = estimate(at.map((b) => b.success!));
    const d = at.map((b) => b.diagnostics);
    return [{
      budget, seeds: at.map((b) => b.seed), success, runBinomialStandardError: binomialStandardError(success.mean, episodesPerEval),
      diagnostics: {
        qMean: meanOrNull(d.map((x) => x?.qMean ?? null)), guidanceNorm: meanOrNull(d.map((x) => x?.guidanceNorm ?? null)),
        bcLoss: meanOrNull(d.map((x) => x?.bcLoss ?? null)),
      },
    }];
  });
}

/** Online arm against the control over the seeds where both finished, paired by seed. */
export function armsResult(rs: readonly Pick<RunResult, 'seed' | 'arms'>[]): ArmsResult | null {
  const both = rs.filter((r) => r.arms.online !== null && r.arms.control !== null);
  if (!both.length) return null;
  return {
    seeds: both.map((r) => r.seed),
    online: estimate(both.map((r) => r.arms.online!)),
    control: estimate(both.map((r) => r.arms.control!)),
    difference: estimate(both.map((r) => r.arms.online! - r.arms.control!)),
  };
}

/**
 * Per qflow group (one per λ in a sweep): against each other agent of its row, the first budget at which the
 * intervals separate. Only budgets where both have 2 or more seeds count: one seed's interval is a point.
 */
export function separations(groups: readonly GroupResult[], budgets: readonly number[]): SeparationResult[] {
  const out: SeparationResult[] = [];
  const interval = (g: GroupResult, budget: number) => {
    const e = g.budgets.find((b) => b.budget === budget)?.success;
    return e && e.n >= 2 ? e.ci95 : null;
  };
  for (const q of groups.filter((g) => g.agent === 'qflow')) {
    for (const other of groups.filter((g) => g.row === q.row && g.agent !== 'qflow')) {
      const rows = budgets.map((budget) => ({ budget, a: interval(q, budget), b: interval(other, budget) }));
      out.push({ task: q.task, baseline: other.agent, first: firstSeparation(rows), comparable: rows.some((r) => r.a && r.b) });
    }
  }
  return out;
}

export function summarizeRuns(plan: Pick<StudyPlan, 'cells' | 'budgets'>): StudyResults {
  const runs: RunResult[] = [];
  const missing: StudyResults['missing'] = [];
  for (const cell of plan.cells) {
    const r = readRunResult(cell, plan.budgets);
    if (r) runs.push(r);
    else missing.push({ agent: cell.agent, task: cell.label, seed: cell.seed });
  }
  const groups: GroupResult[] = [];
  for (const key of [...new Set(plan.cells.map((c) => `${c.agent}\n${c.label}\n${c.row}`))]) {
    const [agent, task, row] = key.split('\n') as [string, string, string];
    const rs = runs.filter((r) => r.agent === agent && r.task === task);
    if (!rs.length) continue;
    const success = estimate(rs.map((r) => r.success));
    const episodesPerEval = Math.min(...rs.map((r) => r.episodesPerEval));
    groups.push({
      agent, task, row, seeds: rs.map((r) => r.seed), success, budgets: budgetResults(rs, episodesPerEval, plan.budgets),
      arms: armsResult(rs), episodesPerEval, runBinomialStandardError: binomialStandardError(success.mean, episodesPerEval),
    });
  }
  return {
    format: 'qflow-study', version: 2, bootstrap: { ...BOOTSTRAP_DEFAULTS }, budgets: [...plan.budgets], groups,
    separations: separations(groups, plan.budgets), runs, missing,
  };
}
