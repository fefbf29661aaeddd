// Multi-layer perceptron (docs/algorithm.md#mlp): Dense → activation → optional LayerNorm for every hidden layer,
// then a plain Dense output layer. Kernels Glorot-uniform (or N(0,1)·0.02 for the toy nets), biases zero, LayerNorm
// scale one and bias zero.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activations.js';
import { dense, type DenseOptions } from './dense.js';
import { initKernel, type KernelInit } from './initializers.js';
import { activateAndNormalize } from './gelu-layer-norm.js';
import type { ParamStore } from './param-store.js';
import { hashSeed } from './seeds.js';

export interface MlpSpec {
  inputDim: number;
  hiddenDims: number[];
  outputDim: number;
  activation?: Activation; // default 'gelu'
  layerNorm?: boolean; // default false
  kernelInit?: KernelInit; // default 'glorot-uniform'
}

interface MlpLayer {
  w: tf.Variable;
  b: tf.Variable;
  lnScale?: tf.Variable;
  lnBias?: tf.Variable;
}

export class Mlp {
  readonly spec: Required<MlpSpec>;
  readonly prefix: string;
  private readonly layers: MlpLayer[];

  /** Creates the parameters under `prefix/` in `store`, initialised from `seed`. */
  constructor(store: ParamStore, prefix: string, spec: MlpSpec, seed: number) {
    this.spec = { activation: 'gelu', layerNorm: false, kernelInit: 'glorot-uniform', ...spec };
    this.prefix = prefix;
    const widths = [spec.inputDim, ...spec.hiddenDims, spec.outputDim];
    if (widths.some((w) => !Number.isInteger(w) || w < 1)) {
      throw new Error(`MLP '${prefix}' needs positive integer widths, got [${widths.join(', ')}]`);
    }
    this.layers = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      const [fanIn, fanOut] = [widths[i]!, widths[i + 1]!];
      const layer: MlpLayer = {
        w: store.add(`${prefix}/l${i}/w`, initKernel(this.spec.kernelInit, fanIn, fanOut, hashSeed(`${seed}/l${i}`))),
        b: store.add(`${prefix}/l${i}/b`, tf.zeros([fanOut])),
      };
      const hidden = i + 2 < widths.length;
      if (hidden && this.spec.layerNorm) {
        layer.lnScale = store.add(`${prefix}/l${i}/ln_scale`, tf.ones([fanOut]));
        layer.lnBias = store.add(`${prefix}/l${i}/ln_bias`, tf.zeros([fanOut]));
      }
      this.layers.push(layer);
    }
  }

  /** x: [B, inputDim] → [B, outputDim]. */
  apply(x: tf.Tensor2D, options: DenseOptions = {}): tf.Tensor2D {
    if (x.shape[1] !== this.spec.inputDim) {
      throw new Error(`MLP '${this.prefix}' expects ${this.spec.inputDim} input features, got ${x.shape[1]}`);
    }
    let h = x;
    this.layers.forEach((layer, i) => {
      h = dense(h, layer.w as tf.Tensor2D, layer.b as tf.Tensor1D, i === 0 ? options : { weightGrads: options.weightGrads });
      if (i + 1 < this.layers.length) {
        const norm = layer.lnScale && layer.lnBias ? { scale: layer.lnScale as tf.Tensor1D, bias: layer.lnBias as tf.Tensor1D } : undefined;
        h = activateAndNormalize(this.spec.activation, h, norm);
      }
    });
    return h;
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.w, l.b, ...(l.lnScale ? [l.lnScale, l.lnBias!] : [])]);
  }

  /** Multiply-add FLOPs (2·m·k·n per product) of one forward pass at batch `batch`. */
  forwardFlops(batch: number): number {
    const widths = [this.spec.inputDim, ...this.spec.hiddenDims, this.spec.outputDim];
    let flops = 0;
    for (let i = 0; i + 1 < widths.length; i++) flops += 2 * batch * widths[i]! * widths[i + 1]!;
    return flops;
  }
}

/** Concatenates feature blocks along the columns, skipping zero-width blocks (e.g. obsDim = 0). */
export function concatColumns(parts: tf.Tensor2D[]): tf.Tensor2D {
  const nonEmpty = parts.filter((p) => p.shape[1] > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  return tf.concat(nonEmpty, 1);
}
