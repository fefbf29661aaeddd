// LayerNorm over the last axis with learnable scale and bias (flax defaults, eps 1e-6), with a hand-written
// gradient (a third of the kernels tfjs's op-by-op autodiff would run):
//   x̂ = (x − μ)/sqrt(σ² + eps), y = x̂·scale + bias
//   dx = (1/sqrt(σ² + eps))·(g − mean(g) − x̂·mean(g·x̂)), g = dy·scale;  dscale = Σ_b dy·x̂;  dbias = Σ_b dy
import * as tf from '@tensorflow/tfjs-core';
import './core-gradients.js';
import { sumRows } from './column-sum.js';

export const LAYER_NORM_EPS = 1e-6;

function normalize(x: tf.Tensor2D, eps: number): { xHat: tf.Tensor2D; invStd: tf.Tensor2D } {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const invStd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), eps)) as tf.Tensor2D;
  return { xHat: tf.mul(centered, invStd), invStd };
}

const layerNormWithGrad = (eps: number) => tf.customGrad((x, scale, bias, saveArg) => {
  const save = saveArg as tf.GradSaveFunc;
  const { xHat, invStd } = normalize(x as tf.Tensor2D, eps);
  save([xHat, invStd, scale as tf.Tensor]);
  return {
    value: tf.add(tf.mul(xHat, scale as tf.Tensor), bias as tf.Tensor),
    gradFunc: (dy, saved) => {
      const [sxHat, sInvStd, sScale] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const dy2 = dy as tf.Tensor2D;
      const g = tf.mul(dy2, sScale);
      const dx = tf.mul(sInvStd, tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(sxHat, tf.mean(tf.mul(g, sxHat), -1, true))));
      return [dx, sumRows(tf.mul(dy2, sxHat) as tf.Tensor2D), sumRows(dy2)];
    },
  };
}) as (x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D) => tf.Tensor2D;

const withDefaultEps = layerNormWithGrad(LAYER_NORM_EPS);

export function layerNorm(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, eps = LAYER_NORM_EPS): tf.Tensor2D {
  return (eps === LAYER_NORM_EPS ? withDefaultEps : layerNormWithGrad(eps))(x, scale, bias);
}

/** Op-by-op reference (autodiff gradient), used by tests. */
export function layerNormReference(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, eps = LAYER_NORM_EPS): tf.Tensor2D {
  const { xHat } = normalize(x, eps);
  return tf.add(tf.mul(xHat, scale), bias);
}
