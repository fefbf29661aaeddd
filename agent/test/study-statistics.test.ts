// The study's statistics on inputs small enough to check by hand: mean, standard error over seeds, the percentile
// bootstrap interval (exact for two values, deterministic for a fixed seed) and one run's binomial error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binomialStandardError, bootstrapInterval, mean, standardError } from '../src/study/study-statistics.js';

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
