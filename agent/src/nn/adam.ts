// Adam with optax's defaults and bias correction: count ← count+1; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
// p ← p − lr · (m/(1−β1^count)) / (sqrt(v/(1−β2^count)) + ε). No weight decay, clipping or schedule.
// Moments are kept per parameter: a flat vector would need slicing back into parameters, and slices are slow
// on the wasm backend. The bias corrections are folded into two scalars:
//   p ← p − (lr·sqrt(c2)/c1) · m / (sqrt(v) + ε·sqrt(c2)),  c1 = 1−β1^count, c2 = 1−β2^count.
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from './param-store.js';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Moments, named `m/<param>` and `v/<param>`. */
  readonly moments = new ParamStore();
  /** Number of steps taken (optax's `count`). */
  count = 0;
  private readonly params: Map<string, tf.Variable>;

  constructor(params: Map<string, tf.Variable>, options: AdamOptions) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.params = params;
    for (const [name, p] of params) {
      this.moments.add(`m/${name}`, tf.zerosLike(p));
      this.moments.add(`v/${name}`, tf.zerosLike(p));
    }
  }

  /** One step; every parameter given at construction must have a gradient. */
  apply(grads: Map<string, tf.Tensor>): void {
    const missing = [...this.params.keys()].find((name) => !grads.has(name));
    if (missing) throw new Error(`Adam: no gradient for parameter '${missing}'`);
    this.count += 1;
    const c1 = 1 - this.beta1 ** this.count;
    const c2 = 1 - this.beta2 ** this.count;
    const stepSize = (this.lr * Math.sqrt(c2)) / c1;
    const epsHat = this.eps * Math.sqrt(c2);
    for (const [name, p] of this.params) {
      // One tidy per parameter keeps the peak memory at one parameter's temporaries.
      tf.tidy(() => {
        const g = grads.get(name)!;
        const m = this.moments.get(`m/${name}`);
        const v = this.moments.get(`v/${name}`);
        const mNew = tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1));
        const vNew = tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2));
        p.assign(tf.sub(p, tf.mul(tf.div(mNew, tf.add(tf.sqrt(vNew), epsHat)), stepSize)));
        m.assign(mNew);
        v.assign(vNew);
      });
    }
  }

  dispose(): void {
    this.moments.dispose();
  }
}
