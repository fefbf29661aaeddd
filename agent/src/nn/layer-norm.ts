// LayerNorm over the last axis with learnable scale and bias (flax defaults, eps 1e-6), with a hand-written
// gradient (a third of the kernels tfjs's op-by-op autodiff would run), optionally over several column groups:
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

/**
 * LayerNorm of each of `groups` equal column blocks of x ([B, groups·H]): the hidden layers of an ensemble's
 * members side by side, normalised in one chain of kernels (a reshape to [B·groups, H] puts each member's block
 * on a row of its own). scale and bias are [groups·H]. With one group it is a plain LayerNorm.
 */
const groupedLayerNorm = (eps: number, groups: number) => tf.customGrad((x, scale, bias, saveArg) => {
  const save = saveArg as tf.GradSaveFunc;
  const [rows, width] = (x as tf.Tensor2D).shape;
  const byGroup = (t: tf.Tensor) => (groups === 1 ? t : tf.reshape(t, [rows * groups, width / groups])) as tf.Tensor2D;
  const wide = (t: tf.Tensor) => (groups === 1 ? t : tf.reshape(t, [rows, width])) as tf.Tensor2D;
  const { xHat, invStd } = normalize(byGroup(x as tf.Tensor), eps);
  save([xHat, invStd, scale as tf.Tensor]);
  return {
    value: tf.add(tf.mul(wide(xHat), scale as tf.Tensor), bias as tf.Tensor),
    gradFunc: (dy, saved) => {
      const [sxHat, sInvStd, sScale] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const dy2 = dy as tf.Tensor2D;
      const g = byGroup(tf.mul(dy2, sScale));
      const dx = tf.mul(sInvStd, tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(sxHat, tf.mean(tf.mul(g, sxHat), -1, true))));
      return [wide(dx), sumRows(tf.mul(dy2, wide(sxHat)) as tf.Tensor2D), sumRows(dy2)];
    },
  };
}) as (x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D) => tf.Tensor2D;

const cache = new Map<string, (x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D) => tf.Tensor2D>();

export function layerNorm(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, eps = LAYER_NORM_EPS, groups = 1): tf.Tensor2D {
  if (x.shape[1] % groups !== 0) throw new Error(`layerNorm: ${x.shape[1]} columns do not split into ${groups} groups`);
  const key = `${eps}/${groups}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = groupedLayerNorm(eps, groups)));
  return f(x, scale, bias);
}

/** Op-by-op reference (autodiff gradient), used by tests. */
export function layerNormReference(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, eps = LAYER_NORM_EPS): tf.Tensor2D {
  const { xHat } = normalize(x, eps);
  return tf.add(tf.mul(xHat, scale), bias);
}
