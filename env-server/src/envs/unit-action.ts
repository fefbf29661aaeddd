// The action box [−1, 1]^n of the locomotion and manipulation envs: its spec, and reading one incoming action.
import type { EnvSpec } from './env.js';

/** Actions in [−1, 1]^size, sent as float32. */
export function unitBoxAction(size: number): EnvSpec['action'] {
  return { shape: [size], dtype: 'float32', low: Array(size).fill(-1), high: Array(size).fill(1) };
}

/**
 * Copies `action` into `out`, each element clipped to [−1, 1]. Throws a RangeError naming `envId` when the length
 * differs from `out.length` or an element is not finite.
 */
export function readClippedAction(envId: string, action: ArrayLike<number>, out: Float64Array): void {
  if (action.length !== out.length) {
    throw new RangeError(`${envId}: action has ${action.length} elements, expected ${out.length}`);
  }
  for (let k = 0; k < out.length; k++) {
    const a = action[k]!;
    if (!Number.isFinite(a)) throw new RangeError(`${envId}: action[${k}] is ${a}; actions must be finite`);
    out[k] = a < -1 ? -1 : a > 1 ? 1 : a;
  }
}
