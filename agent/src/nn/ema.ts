// Exponential moving average of target networks: target ← τ·source + (1−τ)·target.
import * as tf from '@tensorflow/tfjs-core';

export function emaUpdate(targets: tf.Variable[], sources: tf.Tensor[], tau: number): void {
  if (targets.length !== sources.length) {
    throw new Error(`EMA: ${targets.length} targets but ${sources.length} sources`);
  }
  targets.forEach((t, i) => tf.tidy(() => t.assign(tf.add(tf.mul(sources[i]!, tau), tf.mul(t, 1 - tau)))));
}

/** Sets targets equal to sources (used at creation). */
export function copyInto(targets: tf.Variable[], sources: tf.Tensor[]): void {
  targets.forEach((t, i) => t.assign(sources[i]!));
}
