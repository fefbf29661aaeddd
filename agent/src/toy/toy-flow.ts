// Euler integration of the toy flow. Sampling and the inner value's roll-out clip to the domain after EVERY step
// (docs/algorithm.md#toy-training, docs/algorithm.md#clipping); the BPTT roll-out clips only at the end and keeps
// what its backward pass needs.
import * as tf from '@tensorflow/tfjs-core';
import { TOY_DOMAIN } from './toy-datasets.js';
import { withTime, xPart, type MlpTrace, type ToyMlp } from './toy-networks.js';

function clipDomain(x: tf.Tensor2D): tf.Tensor2D {
  return tf.clipByValue(x, -TOY_DOMAIN, TOY_DOMAIN) as tf.Tensor2D;
}

/** Pushes noise z [B, 2] from t = 0 to 1 on the grid i/steps, clipping after every step. */
export function sampleFlow(flow: ToyMlp, z: tf.Tensor2D, steps: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = z.shape[0];
    let x = z;
    for (let i = 0; i < steps; i++) {
      const t = tf.fill([n, 1], i / steps) as tf.Tensor2D;
      x = clipDomain(tf.add(x, tf.mul(flow.apply(withTime(x, t)), 1 / steps)));
    }
    return x;
  });
}

/**
 * Integrates from (x_t, t) to 1 with `steps` iterations of dt = clip(1 − u, 0, 1/steps): full steps until the
 * remaining time is shorter, then one partial step that lands on 1, then zero steps. Clipped after every step.
 */
export function rolloutFrom(flow: ToyMlp, xt: tf.Tensor2D, t: tf.Tensor2D, steps: number): tf.Tensor2D {
  return tf.tidy(() => {
    let x = xt;
    let u = t;
    for (let i = 0; i < steps; i++) {
      const dt = tf.clipByValue(tf.sub(1, u), 0, 1 / steps);
      x = clipDomain(tf.add(x, tf.mul(flow.apply(withTime(x, u)), dt)));
      u = tf.add(u, dt);
    }
    return x;
  });
}

/** A BPTT roll-out from noise: x_{k+1} = x_k + v(x_k, k/T)/T, clipped only at the end. Call inside tf.tidy. */
export interface TracedRollout { final: tf.Tensor2D; beforeClip: tf.Tensor2D; traces: MlpTrace[]; steps: number }

export function tracedRollout(flow: ToyMlp, z: tf.Tensor2D, steps: number): TracedRollout {
  const n = z.shape[0];
  const traces: MlpTrace[] = [];
  let x = z;
  for (let i = 0; i < steps; i++) {
    const { out, trace } = flow.forward(withTime(x, tf.fill([n, 1], i / steps) as tf.Tensor2D));
    traces.push(trace);
    x = tf.add(x, tf.mul(out, 1 / steps));
  }
  return { final: clipDomain(x), beforeClip: x, traces, steps };
}

/**
 * Back-propagates dL/d(final) through the clip and every Euler step; returns the flow's parameter gradients
 * summed over the steps. Call inside tf.tidy.
 */
export function rolloutBackward(flow: ToyMlp, r: TracedRollout, dFinal: tf.Tensor2D): tf.Tensor[] {
  const x = r.beforeClip;
  const inside = tf.cast(tf.logicalAnd(tf.greaterEqual(x, -TOY_DOMAIN), tf.lessEqual(x, TOY_DOMAIN)), 'float32');
  let g = tf.mul(dFinal, inside) as tf.Tensor2D;
  let sum: tf.Tensor[] | undefined;
  for (let i = r.steps - 1; i >= 0; i--) {
    const back = flow.backward(r.traces[i]!, tf.mul(g, 1 / r.steps) as tf.Tensor2D);
    sum = sum ? sum.map((s, j) => tf.add(s, back.params[j]!)) : back.params;
    g = tf.add(g, xPart(back.dx)) as tf.Tensor2D;
  }
  return sum!;
}
