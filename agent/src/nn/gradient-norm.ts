// Global L2 norm of a set of gradients, as a scalar tensor.
import * as tf from '@tensorflow/tfjs-core';

export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}
