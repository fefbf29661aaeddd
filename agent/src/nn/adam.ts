// Adam with optax's defaults and bias correction: count ← count+1; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
// p ← p − lr · (m/(1−β1^count)) / (sqrt(v/(1−β2^count)) + ε). No weight decay, clipping or schedule.
// The moments are kept as two flat vectors over all parameters (in the order given): the update then runs a
// dozen kernels instead of a dozen per parameter, which matters on backends where each kernel call costs
// tens of microseconds.
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
  /** The two flat moment vectors, named `m` and `v`. */
  readonly moments = new ParamStore();
  /** Number of steps taken (optax's `count`). */
  count = 0;
  private readonly names: string[];
  private readonly params: tf.Variable[];
  private readonly sizes: number[];

  constructor(params: Map<string, tf.Variable>, options: AdamOptions) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.names = [...params.keys()];
    this.params = [...params.values()];
    this.sizes = this.params.map((p) => p.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.moments.add('m', tf.zeros([total]));
    this.moments.add('v', tf.zeros([total]));
  }

  /** Offset and length in the flat vector of the parameters whose names start with `prefix` (contiguous). */
  segment(prefix: string): { offset: number; size: number } {
    let offset = -1;
    let size = 0;
    let position = 0;
    this.names.forEach((name, i) => {
      if (name.startsWith(prefix)) {
        if (offset < 0) offset = position;
        else if (offset + size !== position) throw new Error(`parameters '${prefix}*' are not contiguous`);
        size += this.sizes[i]!;
      }
      position += this.sizes[i]!;
    });
    if (offset < 0) throw new Error(`no parameters start with '${prefix}'`);
    return { offset, size };
  }

  /** The gradients as one flat vector in parameter order; every parameter must have one. */
  flatten(grads: Map<string, tf.Tensor>): tf.Tensor1D {
    const parts = this.names.map((name) => {
      const g = grads.get(name);
      if (!g) throw new Error(`Adam: no gradient for parameter '${name}'`);
      return tf.reshape(g, [-1]);
    });
    return (parts.length === 1 ? parts[0]! : tf.concat(parts)) as tf.Tensor1D;
  }

  /** One step from per-parameter gradients. */
  apply(grads: Map<string, tf.Tensor>): void {
    tf.tidy(() => this.applyFlat(this.flatten(grads)));
  }

  /** One step from a flat gradient (as built by `flatten`). */
  applyFlat(flatGrad: tf.Tensor1D): void {
    this.count += 1;
    const bc1 = 1 - this.beta1 ** this.count;
    const bc2 = 1 - this.beta2 ** this.count;
    tf.tidy(() => {
      const m = this.moments.get('m');
      const v = this.moments.get('v');
      const mNew = tf.add(tf.mul(m, this.beta1), tf.mul(flatGrad, 1 - this.beta1));
      const vNew = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(flatGrad), 1 - this.beta2));
      const denom = tf.add(tf.sqrt(tf.div(vNew, bc2)), this.eps);
      const step = tf.mul(tf.div(mNew, denom), this.lr / bc1);
      const pieces = this.params.length === 1 ? [step] : tf.split(step, this.sizes);
      this.params.forEach((p, i) => p.assign(tf.sub(p, tf.reshape(pieces[i]!, p.shape))));
      m.assign(mNew);
      v.assign(vNew);
    });
  }

  dispose(): void {
    this.moments.dispose();
  }
}
