// LayerNorm over the last axis with learnable scale and bias (flax defaults, eps 1e-6).
import * as tf from '@tensorflow/tfjs-core';
import './core-gradients.js';

export const LAYER_NORM_EPS = 1e-6;

export function layerNorm(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, eps = LAYER_NORM_EPS): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  const normalized = tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normalized, scale), bias);
}
