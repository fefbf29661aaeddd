// Statistics of a study over seeds: the mean, its standard error, a percentile bootstrap interval with a fixed
// seed (the same inputs give the same interval), and the binomial standard error of one run's success rate.
import { AgentRng } from '../random/agent-rng.js';

export function mean(xs: readonly number[]): number {
  if (!xs.length) throw new Error('mean of an empty list');
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation / sqrt(n); 0 for a single value (no spread is observable). */
export function standardError(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = mean(xs);
  const variance = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1);
  return Math.sqrt(variance / n);
}

export interface BootstrapOptions { resamples?: number; level?: number; seed?: number }

export const BOOTSTRAP_DEFAULTS = { resamples: 10_000, level: 0.95, seed: 0 } as const;

/** Percentile bootstrap interval of the mean: resample the values with replacement, take the level's quantiles. */
export function bootstrapInterval(xs: readonly number[], opts: BootstrapOptions = {}): [number, number] {
  const { resamples, level, seed } = { ...BOOTSTRAP_DEFAULTS, ...opts };
  if (!xs.length) throw new Error('bootstrap of an empty list');
  const rng = new AgentRng(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[rng.nextUint32() % xs.length]!;
    means[r] = sum / xs.length;
  }
  means.sort();
  const tail = (1 - level) / 2;
  return [quantile(means, tail), quantile(means, 1 - tail)];
}

/** The q-quantile of sorted values (lower order statistic: a value that was actually resampled). */
function quantile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)));
  return sorted[i]!;
}

/** sqrt(p (1 − p) / n): the standard error of a success rate p measured on n episodes. */
export function binomialStandardError(p: number, episodes: number): number {
  if (!(episodes > 0)) throw new Error(`binomial standard error needs episodes > 0, got ${episodes}`);
  return Math.sqrt((p * (1 - p)) / episodes);
}
