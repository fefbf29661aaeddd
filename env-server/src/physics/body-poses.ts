// Body world poses for renderers: MjData's xpos and xquat, interleaved per body as (x, y, z, qw, qx, qy, qz).
import type { CompiledModel } from './compiled-model.js';

/** Floats per body in a pose row. */
export const POSE_WIDTH = 7;

/** Writes the pose of every body of `sim` into `out` from `offset` (nbody × POSE_WIDTH floats). */
export function writeBodyPoses(sim: CompiledModel, out: Float32Array, offset: number): void {
  // Read fresh: these views are not kept, so WebAssembly heap growth cannot leave them detached.
  const xpos = sim.data.xpos as Float64Array;
  const xquat = sim.data.xquat as Float64Array;
  const nbody = sim.model.nbody;
  for (let b = 0; b < nbody; b++) {
    const o = offset + b * POSE_WIDTH;
    out[o] = xpos[3 * b]!;
    out[o + 1] = xpos[3 * b + 1]!;
    out[o + 2] = xpos[3 * b + 2]!;
    out[o + 3] = xquat[4 * b]!;
    out[o + 4] = xquat[4 * b + 1]!;
    out[o + 5] = xquat[4 * b + 2]!;
    out[o + 6] = xquat[4 * b + 3]!;
  }
}
