// What the data collector needs from a scripted oracle: start a subtask, produce actions, report completion.
import type { EnvRng } from '../envs/env-rng.js';

export interface Oracle<Target> {
  /** Starts a subtask towards `target` from the current state. */
  begin(target: Target, rng: EnvRng): void;
  /** Writes the next 5-D action (not yet clipped) into `out`. */
  act(out: Float64Array, rng: EnvRng): void;
  /** True once the current subtask is finished (successfully or not); then a new target is set. */
  readonly done: boolean;
}

/** `angle` plus the multiple of 90° that brings it closest to `reference` (cubes look the same every 90°). */
export function snapYaw(angle: number, reference: number): number {
  const quarter = Math.PI / 2;
  return angle + Math.round((reference - angle) / quarter) * quarter;
}
