// Weight initialisers. Glorot-uniform matches flax's variance_scaling(1.0, 'fan_avg', 'uniform');
// the 2D toy networks use N(0,1)·0.02.
import * as tf from '@tensorflow/tfjs-core';

export type KernelInit = 'glorot-uniform' | 'normal-0.02';
export const KERNEL_INITS: readonly KernelInit[] = ['glorot-uniform', 'normal-0.02'];

export function initKernel(kind: KernelInit, fanIn: number, fanOut: number, seed: number): tf.Tensor2D {
  if (kind === 'glorot-uniform') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform([fanIn, fanOut], -limit, limit, 'float32', seed);
  }
  return tf.tidy(() => tf.mul(tf.randomNormal([fanIn, fanOut], 0, 1, 'float32', seed), 0.02));
}
