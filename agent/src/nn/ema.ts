// Target networks start equal to their sources (their EMA updates run on the host: host-params.ts).
import * as tf from '@tensorflow/tfjs-core';

/** Sets targets equal to sources (used at creation). */
export function copyInto(targets: tf.Variable[], sources: tf.Tensor[]): void {
  targets.forEach((t, i) => t.assign(sources[i]!));
}
