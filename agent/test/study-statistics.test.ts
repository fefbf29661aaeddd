// The study's statistics on inputs small enough to check by hand: mean, standard error over seeds, the percentile
// bootstrap interval (exact for two values, deterministic for a fixed seed), one run's binomial error, where two
// intervals separate (and the smallest budget at which Q-Flow's does) and the online arm against its control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binomialStandardError, bootstrapInterval, mean, standardError } from '../src/study/study-statistics.js';
import { firstSeparation, separation } from '../src/study/study-separation.js';
import { armsResult, estimate, separations } from '../src/study/study-results.js';

const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} != ${b}`);

test('mean and standard error: 0.2, 0.4, 0.6 → 0.4 and 0.2 / sqrt(3); one value has no spread', () => {
  close(mean([0.2, 0.4, 0.6]), 0.4);
  close(standardError([0.2, 0.4, 0.6]), 0.2 / Math.sqrt(3));
  assert.equal(standardError([0.7]), 0);
  assert.throws(() => mean([]), /empty/);
});

test('bootstrap interval: equal values give a point; 0,1 gives [0, 1]; 0,0,0,1 gives [0, 0.75]', () => {
  assert.deepEqual(bootstrapInterval([0.3, 0.3, 0.3]), [0.3, 0.3]);
  // Resampled means of {0, 1}: 0, ½, 1 with probabilities ¼, ½, ¼, so both 2.5% tails are the extremes.
  assert.deepEqual(bootstrapInterval([0, 1]), [0, 1]);
  // Of {0,0,0,1}: k/4 with k ~ Binomial(4, ¼); P(k = 0) = 0.32 > 2.5%, P(k ≤ 2) = 0.949 < 97.5% ≤ P(k ≤ 3) = 0.996.
  assert.deepEqual(bootstrapInterval([0, 0, 0, 1]), [0, 0.75]);
});

test('bootstrap interval: the same seed gives the same interval; the level widens it', () => {
  const xs = [0.17, 0.33, 0.47, 0.4, 0.22];
  assert.deepEqual(bootstrapInterval(xs, { seed: 7 }), bootstrapInterval(xs, { seed: 7 }));
  const [lo95, hi95] = bootstrapInterval(xs);
  const [lo50, hi50] = bootstrapInterval(xs, { level: 0.5 });
  assert.ok(lo95 <= lo50 && hi50 <= hi95 && lo95 < hi95);
  assert.ok(lo95 >= Math.min(...xs) && hi95 <= Math.max(...xs));
});

test('binomial standard error: p = 0.5 on 100 episodes is 0.05; 0.2 on 400 is 0.02', () => {
  close(binomialStandardError(0.5, 100), 0.05);
  close(binomialStandardError(0.2, 400), 0.02);
  assert.throws(() => binomialStandardError(0.5, 0), /episodes > 0/);
});

test('separation: intervals wholly apart are above / below; overlapping or touching ones are not separated', () => {
  assert.equal(separation([0.5, 0.7], [0.2, 0.4]), 'above');
  assert.equal(separation([0.1, 0.2], [0.3, 0.6]), 'below');
  assert.equal(separation([0.3, 0.5], [0.45, 0.6]), null);
  assert.equal(separation([0.4, 0.5], [0.2, 0.4]), null, 'touching at 0.4');
});

test('first separation: the smallest budget with both intervals apart, whatever the order given; none → null', () => {
  const rows = [
    { budget: 30000, a: [0.6, 0.8] as const, b: [0.2, 0.3] as const },
    { budget: 3000, a: [0.1, 0.3] as const, b: [0.2, 0.4] as const },
    { budget: 10000, a: [0.45, 0.6] as const, b: [0.2, 0.4] as const },
  ];
  assert.deepEqual(firstSeparation(rows), { budget: 10000, direction: 'above' });
  assert.deepEqual(firstSeparation([{ budget: 3000, a: null, b: [0, 0.1] }, { budget: 10000, a: [0, 0.1], b: [0.3, 0.5] }]),
    { budget: 10000, direction: 'below' });
  assert.equal(firstSeparation(rows.slice(1, 2)), null);
});

test('study separations: Q-Flow (each λ of a sweep) against each baseline of the same row, at the budgets with both groups evaluated', () => {
  const e = (lo: number, hi: number, n = 3) => ({ mean: (lo + hi) / 2, standardError: 0, ci95: [lo, hi] as [number, number], n });
  const g = (agent: string, task: string, byBudget: [number, number, number][], row = task) => ({
    agent, task, row, seeds: [0, 1, 2], success: e(0, 1), arms: null, episodesPerEval: 100, runBinomialStandardError: 0,
    budgets: byBudget.map(([budget, lo, hi]) => ({ budget, seeds: [0, 1, 2], success: e(lo, hi), runBinomialStandardError: 0,
      diagnostics: { qMean: null, guidanceNorm: null, bcLoss: null } })),
  });
  const groups = [
    g('qflow', 'T', [[3000, 0.2, 0.4], [10000, 0.5, 0.7]]), g('bc', 'T', [[3000, 0.3, 0.5], [10000, 0.3, 0.45]]),
    g('fql', 'T', [[3000, 0.0, 0.1]]), g('bc', 'U', [[3000, 0.0, 0.1]]), g('qflow', 'T+lambda20', [[3000, 0.31, 0.35], [10000, 0.3, 0.4]], 'T'),
  ];
  assert.deepEqual(separations(groups, [3000, 10000]), [
    { task: 'T', baseline: 'bc', first: { budget: 10000, direction: 'above' }, comparable: true },
    { task: 'T', baseline: 'fql', first: { budget: 3000, direction: 'above' }, comparable: true },
    { task: 'T+lambda20', baseline: 'bc', first: null, comparable: true },
    { task: 'T+lambda20', baseline: 'fql', first: { budget: 3000, direction: 'above' }, comparable: true },
  ]);
});

test('study separations: one seed gives a point, not an interval, so it never separates', () => {
  const one = (agent: string, success: number) => ({
    agent, task: 'T', row: 'T', seeds: [0], success: estimate([success]), arms: null, episodesPerEval: 25, runBinomialStandardError: 0,
    budgets: [{ budget: 60000, seeds: [0], success: estimate([success]), runBinomialStandardError: 0, diagnostics: { qMean: null, guidanceNorm: null, bcLoss: null } }],
  });
  assert.deepEqual(estimate([0.08]).ci95, [0.08, 0.08], 'the degenerate interval that must not count');
  assert.deepEqual(separations([one('qflow', 0.08), one('bc', 0)], [60000]), [{ task: 'T', baseline: 'bc', first: null, comparable: false }]);
});

test('online vs control: paired by seed over the seeds where both arms finished', () => {
  const r = armsResult([
    { seed: 0, arms: { online: 0.5, control: 0.3 } },
    { seed: 1, arms: { online: 0.4, control: 0.4 } },
    { seed: 2, arms: { online: 0.9, control: null } },
    { seed: 3, arms: { online: 0.2, control: 0.3 } },
  ])!;
  assert.deepEqual(r.seeds, [0, 1, 3]);
  close(r.online.mean, (0.5 + 0.4 + 0.2) / 3);
  close(r.control.mean, (0.3 + 0.4 + 0.3) / 3);
  // Paired differences 0.2, 0, −0.1: mean 1/30, SE = sd / sqrt(3) with sd² = ((1/6)² + (1/30)² + (2/15)²) / 2.
  close(r.difference.mean, 0.1 / 3);
  close(r.difference.standardError, Math.sqrt(((1 / 6) ** 2 + (1 / 30) ** 2 + (2 / 15) ** 2) / 2 / 3));
  assert.equal(armsResult([{ seed: 0, arms: { online: 0.5, control: null } }]), null);
});
