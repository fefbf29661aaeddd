// The toy study's networks (docs/algorithm.md#toy-training): plain ReLU MLPs without LayerNorm, kernels N(0,1)·0.02,
// biases 0.
//   flow v(x, t):   3 → [H]×L → H/2 → 2        (raw time input)
//   inner V(x, t):  3 → [H/2]×L → 1
//   outer Q(a):     2 → [H/2]×L → 1
//   FQL one-step π(z): 2 → [H]×L → H/2 → 2
// Gradients are written out by hand (backward()): a ReLU MLP's backward pass is three plain matrix products per
// layer on explicitly transposed operands, which the wasm backend runs fast. This code predates
// nn/core-gradients.ts: tfjs-core's Node build registers no gradients, but that module now registers them, and
// nn/mlp.ts (whose Dense layer has the same explicit-transpose backward) could carry these nets under tf.grads,
// replacing backward(), rolloutBackward() in toy-flow.ts and the loss derivatives in toy-trainers.ts.
import * as tf from '@tensorflow/tfjs-core';

export interface ToyNetSizes { hidden: number; layers: number }

export function flowLayerSizes({ hidden, layers }: ToyNetSizes): number[] {
  return [3, ...Array<number>(layers).fill(hidden), hidden / 2, 2];
}
export function innerValueLayerSizes({ hidden, layers }: ToyNetSizes): number[] {
  return [3, ...Array<number>(layers).fill(hidden / 2), 1];
}
export function outerCriticLayerSizes({ hidden, layers }: ToyNetSizes): number[] {
  return [2, ...Array<number>(layers).fill(hidden / 2), 1];
}
export function oneStepPolicyLayerSizes({ hidden, layers }: ToyNetSizes): number[] {
  return [2, ...Array<number>(layers).fill(hidden), hidden / 2, 2];
}

/** What backward() needs from a forward pass: the input of every layer. */
export interface MlpTrace { inputs: tf.Tensor2D[] }

export interface MlpGrads {
  dx: tf.Tensor2D;          // gradient w.r.t. the network input
  params: tf.Tensor[];      // gradients in the order of `variables` (kernels, then biases)
}

export class ToyMlp {
  readonly kernels: tf.Variable<tf.Rank.R2>[] = [];
  readonly biases: tf.Variable<tf.Rank.R1>[] = [];
  private static created = 0;

  constructor(readonly name: string, readonly sizes: number[], seed: number) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`ToyMlp ${name}: bad layer sizes [${sizes}]`);
    }
    const id = ToyMlp.created++; // tfjs variable names are global: keep them unique
    for (let i = 0; i + 1 < sizes.length; i++) {
      tf.tidy(() => {
        const w = tf.mul(tf.randomNormal([sizes[i]!, sizes[i + 1]!], 0, 1, 'float32', seed * 101 + i), 0.02) as tf.Tensor2D;
        this.kernels.push(tf.variable(w, false, `toy${id}/${name}/w${i}`));
        this.biases.push(tf.variable(tf.zeros([sizes[i + 1]!]) as tf.Tensor1D, false, `toy${id}/${name}/b${i}`));
      });
    }
  }

  get variables(): tf.Variable[] {
    return [...this.kernels, ...this.biases];
  }

  /** ReLU after every layer except the last. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return this.forward(x).out;
  }

  /** The output and the trace backward() needs. Call inside tf.tidy. */
  forward(x: tf.Tensor2D): { out: tf.Tensor2D; trace: MlpTrace } {
    const inputs: tf.Tensor2D[] = [];
    let h = x;
    const last = this.kernels.length - 1;
    for (let i = 0; i <= last; i++) {
      inputs.push(h);
      h = tf.fused.matMul({ a: h, b: this.kernels[i]!, bias: this.biases[i]!, activation: i < last ? 'relu' : 'linear' }) as tf.Tensor2D;
    }
    return { out: h, trace: { inputs } };
  }

  /** Back-propagates dL/dout through the traced pass. Call inside tf.tidy. */
  backward(trace: MlpTrace, dOut: tf.Tensor2D, wantParams = true): MlpGrads {
    const n = this.kernels.length;
    const dW: tf.Tensor[] = new Array(n);
    const dB: tf.Tensor[] = new Array(n);
    let dy = dOut;
    let dx = dOut;
    for (let i = n - 1; i >= 0; i--) {
      const input = trace.inputs[i]!;
      if (wantParams) {
        dW[i] = tf.matMul(tf.transpose(input), dy);
        dB[i] = tf.sum(dy, 0);
      }
      dx = tf.matMul(dy, tf.transpose(this.kernels[i]!));
      // The layer input of i > 0 is a ReLU output: positive exactly where its pre-activation was.
      if (i > 0) dy = tf.mul(dx, tf.step(input)) as tf.Tensor2D;
    }
    return { dx, params: wantParams ? [...dW, ...dB] : [] };
  }

  /** Copies of the current weights (e.g. the BC snapshot). */
  snapshot(): tf.Tensor[] {
    return this.variables.map((v) => v.clone());
  }

  restore(weights: tf.Tensor[]): void {
    this.variables.forEach((v, i) => v.assign(weights[i]!));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Network input [x, t] from x [B, 2] and t [B, 1]. */
export function withTime(x: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor2D {
  return tf.concat([x, t], 1);
}

/** The first two columns (the x part) of a gradient w.r.t. [x, t]. */
export function xPart(d: tf.Tensor2D): tf.Tensor2D {
  return tf.slice(d, [0, 0], [d.shape[0], 2]);
}

/** Global L2 norm of a list of gradients. */
export function globalNorm(grads: tf.Tensor[]): number {
  return tf.tidy(() => Math.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!));
}
