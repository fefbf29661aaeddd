// Dataset actions are clipped to ±(1 − 1e−5) before training (docs/algorithm.md#data-processing): the flow's targets
// then stay strictly inside the [−1, 1] box the sampler clips to.

export const DATASET_ACTION_LIMIT = 1 - 1e-5;

/** Clips in place; returns how many entries were changed. */
export function clipDatasetActions(actions: Float32Array, limit = DATASET_ACTION_LIMIT): number {
  // Compare against the float32 value of the limit so that a stored value equal to it counts as unchanged.
  const hi = Math.fround(limit);
  let changed = 0;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    if (a > hi) { actions[i] = hi; changed++; }
    else if (a < -hi) { actions[i] = -hi; changed++; }
    else if (Number.isNaN(a)) throw new Error(`clipDatasetActions: NaN action at flat index ${i}`);
  }
  return changed;
}
