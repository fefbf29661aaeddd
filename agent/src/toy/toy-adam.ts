// Adam (β1 0.9, β2 0.999, ε 1e−8, optax's bias correction) over one network's variables, with state that can be
// copied and restored, so the study can branch many runs from one warm-up without replaying it.
import * as tf from '@tensorflow/tfjs-core';

export interface AdamSnapshot { count: number; m: tf.Tensor[]; v: tf.Tensor[] }

export class ToyAdam {
  private count = 0;
  private m: tf.Variable[];
  private v: tf.Variable[];

  constructor(private readonly vars: tf.Variable[], public lr: number,
    private readonly b1 = 0.9, private readonly b2 = 0.999, private readonly eps = 1e-8) {
    // tidy frees the zero tensors; the variables (which share their data) survive it.
    this.m = tf.tidy(() => vars.map((x) => tf.variable(tf.zerosLike(x), false)));
    this.v = tf.tidy(() => vars.map((x) => tf.variable(tf.zerosLike(x), false)));
  }

  get steps(): number {
    return this.count;
  }

  /** One step with gradients given in the order of the variables. */
  apply(grads: tf.Tensor[]): void {
    if (grads.length !== this.vars.length) throw new Error(`ToyAdam: ${grads.length} gradients for ${this.vars.length} variables`);
    this.count++;
    const c1 = 1 - this.b1 ** this.count;
    const c2 = 1 - this.b2 ** this.count;
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        const g = grads[i]!;
        const m = tf.add(tf.mul(this.m[i]!, this.b1), tf.mul(g, 1 - this.b1));
        const v = tf.add(tf.mul(this.v[i]!, this.b2), tf.mul(tf.square(g), 1 - this.b2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.eps));
        x.assign(tf.sub(x, tf.mul(update, this.lr)));
      });
    });
  }

  snapshot(): AdamSnapshot {
    return { count: this.count, m: this.m.map((t) => t.clone()), v: this.v.map((t) => t.clone()) };
  }

  restore(s: AdamSnapshot): void {
    this.count = s.count;
    this.m.forEach((t, i) => t.assign(s.m[i]!));
    this.v.forEach((t, i) => t.assign(s.v[i]!));
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
