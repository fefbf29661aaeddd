// The demo's yardstick: flow BC trained on the demo's own data for the same offline budget, and the summary that
// puts the demo's success beside it with one evaluation's binomial error (so a reader can tell a difference from
// evaluation noise).
import type { RunConfig } from '../online/run-config.js';
import type { RunSummary } from '../online/offline-online-run.js';
import type { EvalResult } from '../evaluation/policy-evaluation.js';
import { makeAgentConfig } from '../algorithms/index.js';
import { binomialStandardError } from '../study/study-statistics.js';
import { agentName } from '../reports/agent-names.js';

export const BASELINE_DIR = 'baseline-bc';

/** Flow BC with the demo run's data, seed, networks, batch, offline budget and evaluation (at step 1 and its end); no online phase. */
export function baselineConfig(run: RunConfig): RunConfig {
  const c = run.agentConfig;
  const agentConfig = makeAgentConfig('bc', {
    preset: c.preset, envName: c.envName,
    overrides: { actorHiddenDims: [...c.actorHiddenDims], valueHiddenDims: [...c.valueHiddenDims], batchSize: c.batchSize, lr: c.lr },
  });
  return { ...run, agent: 'bc', agentConfig, onlineSteps: 0, offlineEvalInterval: 0 };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** One evaluation's standard error, in points. */
const binomialPoints = (r: EvalResult) => (binomialStandardError(r.success, r.episodes) * 100).toFixed(0);

const line = (what: string, r: EvalResult | undefined) =>
  (r ? `${what}: ${pct(r.success)} (${r.episodes} episodes, ±${binomialPoints(r)} points binomial SE)` : `${what}: not evaluated`);

/** Whether a difference `d` between two evaluations stands out of their noise `se` (both at `p` when there is neither). */
function verdict(d: number, se: number, p: number): string {
  if (d === 0 && se === 0) return `both at ${pct(p)}: this budget does not separate them`;
  const noise = `its evaluation noise (±${(se * 100).toFixed(0)} points)`;
  return Math.abs(d) > 2 * se ? `more than twice ${noise} for this seed` : `within twice ${noise}: one seed cannot tell them apart`;
}

/** What the demo's result means against flow BC on the same data and offline budget. */
export function comparisonText(main: RunSummary, bc: RunSummary | undefined, bcSec?: number): string {
  const c = main.config;
  const agent = agentName(c.agent);
  const lines = [line(`${agent} after ${c.offlineSteps} offline updates`, main.before)];
  if (c.onlineSteps > 0) lines.push(line(`${agent} after ${c.onlineSteps} more online env steps`, main.after));
  if (bc?.before) {
    lines.push(line(`flow BC on the same data after ${c.offlineSteps} updates`, bc.before) + (bcSec === undefined ? '' : ` (${bcSec.toFixed(0)} s)`));
    const d = (main.before?.success ?? 0) - bc.before.success;
    const se = Math.hypot(binomialStandardError(main.before?.success ?? 0, main.before?.episodes ?? 1),
      binomialStandardError(bc.before.success, bc.before.episodes));
    lines.push(`offline difference ${agent} − flow BC: ${(d * 100).toFixed(0)} points; ${verdict(d, se, bc.before.success)}` +
      ` ('qflow study' compares over seeds with intervals)`);
  } else {
    lines.push('flow BC baseline: not run (--no-baseline); without it the number above has no yardstick');
  }
  return lines.join('\n');
}
