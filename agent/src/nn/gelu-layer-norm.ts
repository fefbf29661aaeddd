// A hidden layer's nonlinearity: activation, then LayerNorm when the network has it. Where the active backend has
// the fused kernels (the `blas` backend: ../backend/gelu-kernels.ts), GELU and GELU→LayerNorm run as one kernel
// forward and one backward, computing the same functions as activations.ts and layer-norm.ts (per row in float64,
// rounded once to float32, so the last bits differ from the composed ops). Elsewhere the composed ops run.
import * as tf from '@tensorflow/tfjs-core';
import { GELU, GELU_GRAD, GELU_LAYER_NORM, GELU_LAYER_NORM_GRAD } from '../backend/gelu-kernels.js';
import { activate, type Activation } from './activations.js';
import { layerNorm, LAYER_NORM_EPS } from './layer-norm.js';

export interface LayerNormParams {
  scale: tf.Tensor1D;
  bias: tf.Tensor1D;
}

/** Are the fused kernels registered for the active backend? */
export function fusedGeluAvailable(): boolean {
  return tf.getKernel(GELU_LAYER_NORM, tf.getBackend()) !== undefined;
}

function run(name: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
}

const geluFused = tf.customGrad((x, saveArg) => {
  (saveArg as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: run(GELU, { x: x as tf.Tensor }) as tf.Tensor2D,
    gradFunc: (dy, saved) => run(GELU_GRAD, { x: saved[0]!, dy: dy as tf.Tensor }) as tf.Tensor,
  };
}) as (x: tf.Tensor2D) => tf.Tensor2D;

const geluLayerNormFused = tf.customGrad((x, scale, bias, saveArg) => {
  (saveArg as tf.GradSaveFunc)([x as tf.Tensor, scale as tf.Tensor]);
  return {
    value: run(GELU_LAYER_NORM, { x: x as tf.Tensor, scale: scale as tf.Tensor, bias: bias as tf.Tensor }, { eps: LAYER_NORM_EPS }) as tf.Tensor2D,
    gradFunc: (dy, saved) => run(GELU_LAYER_NORM_GRAD, { x: saved[0]!, scale: saved[1]!, dy: dy as tf.Tensor }, { eps: LAYER_NORM_EPS }) as tf.Tensor[],
  };
}) as (x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D) => tf.Tensor2D;

/** activation(x), then LayerNorm with `norm`'s scale and bias when given. */
export function activateAndNormalize(activation: Activation, x: tf.Tensor2D, norm?: LayerNormParams): tf.Tensor2D {
  if (activation === 'gelu' && fusedGeluAvailable()) return norm ? geluLayerNormFused(x, norm.scale, norm.bias) : geluFused(x);
  const a = activate(activation, x) as tf.Tensor2D;
  return norm ? layerNorm(a, norm.scale, norm.bias) : a;
}
