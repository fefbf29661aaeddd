// Reproducible batches for the agent tests: entries in [−1, 1) from a linear congruential stream seeded by `seed`
// (observations, actions, rewards, next observations, in that order).
import type { Batch } from '../src/algorithms/index.js';

/** `size` rows; with `terminalEvery` k > 0, rows 0, k, 2k, ... have mask 0 (episode ends), the others 1. */
export function randomBatch(seed: number, size: number, obsDim: number, actDim: number, terminalEvery = 0): Batch {
  let state = seed;
  const rnd = (n: number) => Float32Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
  return {
    size, observations: rnd(size * obsDim), actions: rnd(size * actDim), rewards: rnd(size),
    masks: Float32Array.from({ length: size }, (_, i) => (terminalEvery > 0 && i % terminalEvery === 0 ? 0 : 1)),
    nextObservations: rnd(size * obsDim),
  };
}
