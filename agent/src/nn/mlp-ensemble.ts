// E independently initialised MLPs with scalar output, applied to the same input (spec §1.2).
// Each member's dense layers are plain 2-D products (on the wasm backend a batched [E,B,K]x[E,K,N] product runs
// ~20x slower than E plain ones), but their hidden activations run side by side as one [B, E·H] tensor, so the
// activation and LayerNorm kernels run once for all members instead of once per member.
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activations.js';
import { dense, type DenseOptions } from './dense.js';
import { layerNorm, LAYER_NORM_EPS } from './layer-norm.js';
import { Mlp, type MlpSpec } from './mlp.js';
import type { ParamStore } from './param-store.js';
import { hashSeed } from './seeds.js';

export class MlpEnsemble {
  readonly members: Mlp[];

  constructor(store: ParamStore, prefix: string, size: number, spec: MlpSpec, seed: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ensemble '${prefix}' size must be >= 1, got ${size}`);
    if (spec.outputDim !== 1) throw new Error(`ensemble '${prefix}' members must have one output, got ${spec.outputDim}`);
    this.members = Array.from({ length: size }, (_, e) => new Mlp(store, `${prefix}/e${e}`, spec, hashSeed(`${seed}/e${e}`)));
  }

  get size(): number {
    return this.members.length;
  }

  /** x: [B, inputDim] → [E, B]. Equal, value for value, to stacking the members' own outputs. */
  apply(x: tf.Tensor2D, options: DenseOptions = {}): tf.Tensor2D {
    const rows = x.shape[0];
    if (this.members.length === 1) return tf.reshape(this.members[0]!.apply(x, options), [1, rows]) as tf.Tensor2D;
    const { activation, inputDim } = this.members[0]!.spec;
    if (x.shape[1] !== inputDim) throw new Error(`ensemble members expect ${inputDim} input features, got ${x.shape[1]}`);
    const layers = this.members.map((m) => m.layerParams);
    const groups = this.members.length;
    let inputs: tf.Tensor2D[] = this.members.map(() => x);
    for (let i = 0; ; i++) {
      const layerOptions = i === 0 ? options : { weightGrads: options.weightGrads };
      const outs = layers.map((l, e) => dense(inputs[e]!, l[i]!.w as tf.Tensor2D, l[i]!.b as tf.Tensor1D, layerOptions));
      if (i + 1 === layers[0]!.length) return tf.reshape(tf.concat(outs, 0), [groups, rows]) as tf.Tensor2D;
      let h = activate(activation, tf.concat(outs, 1) as tf.Tensor2D);
      if (layers[0]![i]!.lnScale) {
        const scale = tf.concat(layers.map((l) => l[i]!.lnScale!)) as tf.Tensor1D;
        const bias = tf.concat(layers.map((l) => l[i]!.lnBias!)) as tf.Tensor1D;
        h = layerNorm(h, scale, bias, LAYER_NORM_EPS, groups);
      }
      inputs = tf.split(h, groups, 1) as tf.Tensor2D[];
    }
  }

  variables(): tf.Variable[] {
    return this.members.flatMap((m) => m.variables());
  }

  forwardFlops(batch: number): number {
    return this.members.reduce((sum, m) => sum + m.forwardFlops(batch), 0);
  }
}
