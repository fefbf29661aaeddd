// E independently initialised MLPs with scalar output, applied to the same input (docs/algorithm.md#ensembles).
// Members are evaluated one by one with 2-D products: on the wasm backend a batched [E,B,K]x[E,K,N] product
// runs ~20x slower than E plain ones, and on the other backends the difference is small. Running the members'
// hidden activations side by side as one [B, E·H] tensor (one activation and LayerNorm chain for all) saves
// ~150 kernels per Q-Flow update but measured 18% slower on wasm: the column concat and split it needs are
// copy loops there.
import * as tf from '@tensorflow/tfjs-core';
import type { DenseOptions } from './dense.js';
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

  /** x: [B, inputDim] → [E, B]. */
  apply(x: tf.Tensor2D, options: DenseOptions = {}): tf.Tensor2D {
    const outs = this.members.map((m) => tf.reshape(m.apply(x, options), [1, x.shape[0]]));
    return (outs.length === 1 ? outs[0]! : tf.concat(outs, 0)) as tf.Tensor2D;
  }

  variables(): tf.Variable[] {
    return this.members.flatMap((m) => m.variables());
  }

  forwardFlops(batch: number): number {
    return this.members.reduce((sum, m) => sum + m.forwardFlops(batch), 0);
  }
}
