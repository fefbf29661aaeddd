// Euler integration of the velocity field v_θ(s, x, t) (the actor; input [s, x, t] with raw scalar t).
import * as tf from '@tensorflow/tfjs-core';
import { concatColumns, type Mlp } from '../nn/mlp.js';
import type { DenseOptions } from '../nn/dense.js';

export function velocity(actor: Mlp, obs: tf.Tensor2D, x: tf.Tensor2D, t: tf.Tensor2D, options?: DenseOptions): tf.Tensor2D {
  return actor.apply(concatColumns([obs, x, t]), options);
}

/**
 * Policy sampling (docs/algorithm.md#policy-sampling): x ← z; for i = 0..T−1: x ← x + v(s, x, i/T)/T; return clip(x, −1, 1).
 * Runs outside any gradient scope in the algorithms (stored actor params, no gradient).
 */
export function eulerSample(actor: Mlp, obs: tf.Tensor2D, noise: tf.Tensor2D, steps: number): tf.Tensor2D {
  const batch = noise.shape[0];
  let x = noise;
  for (let i = 0; i < steps; i++) {
    // One tidy per step frees the step's activations at once (no gradient flows here).
    x = tf.tidy(() => tf.add(x, tf.mul(velocity(actor, obs, x, tf.fill([batch, 1], i / steps) as tf.Tensor2D), 1 / steps)));
  }
  return tf.clipByValue(x, -1, 1);
}

/**
 * Roll-out from (x_τ, τ) to time 1 (docs/algorithm.md#inner-value-loss step 3), per sample: repeat T times h = clip(1 − u, 0, 1/T);
 * x ← x + h·v(s, x, u); u ← u + h. Full steps until less than 1/T remains, then a partial step landing on 1,
 * then zero-length steps (the actor is still evaluated, as in the reference). Returns the unclipped end point.
 */
export function rolloutFromTime(actor: Mlp, obs: tf.Tensor2D, xTau: tf.Tensor2D, tau: tf.Tensor2D, steps: number): tf.Tensor2D {
  let x = xTau;
  let u = tau;
  for (let i = 0; i < steps; i++) {
    [x, u] = tf.tidy(() => {
      const h = tf.clipByValue(tf.sub(1, u), 0, 1 / steps);
      return [tf.add(x, tf.mul(h, velocity(actor, obs, x, u))), tf.add(u, h)] as [tf.Tensor2D, tf.Tensor2D];
    });
  }
  return x;
}

/**
 * BPTT roll-out (docs/algorithm.md#bptt-loss, with its evident intent: start from noise z): for i = 0..T−1, t_i = i/T,
 * dt_i = min(1/T, max(t − t_i, 0)); x ← x + dt_i·v(s, x, t_i). Gradients flow through θ (call it inside a
 * gradient scope). Returns the unclipped point at time t.
 */
export function rolloutToTime(actor: Mlp, obs: tf.Tensor2D, noise: tf.Tensor2D, t: tf.Tensor2D, steps: number): tf.Tensor2D {
  const batch = noise.shape[0];
  let x = noise;
  for (let i = 0; i < steps; i++) {
    const ti = i / steps;
    const dt = tf.minimum(tf.relu(tf.sub(t, ti)), 1 / steps);
    x = tf.add(x, tf.mul(dt, velocity(actor, obs, x, tf.fill([batch, 1], ti) as tf.Tensor2D)));
  }
  return x;
}

/**
 * The TD roll-out (from noise z on the grid i/T, rows of `tdObs`) and the inner roll-out (from x_τ at τ, rows of
 * `innerObs`) advanced together as one batch, so each Euler step is one actor pass over both. TD rows use the
 * exact grid times i/T and steps 1/T; inner rows follow `rolloutFromTime`. Returns the clipped TD actions and
 * the unclipped inner end points.
 */
export function jointRollout(
  actor: Mlp,
  td: { obs: tf.Tensor2D; noise: tf.Tensor2D },
  inner: { obs: tf.Tensor2D; xTau: tf.Tensor2D; tau: tf.Tensor2D },
  steps: number,
): { tdActions: tf.Tensor2D; innerEnd: tf.Tensor2D } {
  const [tdRows, actDim] = td.noise.shape;
  const obs = tf.concat([td.obs, inner.obs], 0) as tf.Tensor2D;
  const tdStep = tf.fill([tdRows, 1], 1 / steps) as tf.Tensor2D;
  let x = tf.concat([td.noise, inner.xTau], 0) as tf.Tensor2D;
  let u = inner.tau;
  for (let i = 0; i < steps; i++) {
    [x, u] = tf.tidy(() => {
      const h = tf.clipByValue(tf.sub(1, u), 0, 1 / steps) as tf.Tensor2D;
      const times = tf.concat([tf.fill([tdRows, 1], i / steps), u], 0) as tf.Tensor2D;
      const stepSizes = tf.concat([tdStep, h], 0);
      return [tf.add(x, tf.mul(velocity(actor, obs, x, times), stepSizes)), tf.add(u, h)] as [tf.Tensor2D, tf.Tensor2D];
    });
  }
  const innerRows = inner.xTau.shape[0];
  return {
    tdActions: tf.clipByValue(tf.slice(x, [0, 0], [tdRows, actDim]), -1, 1),
    innerEnd: tf.slice(x, [tdRows, 0], [innerRows, actDim]),
  };
}
