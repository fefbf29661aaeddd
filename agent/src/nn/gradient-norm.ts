// L2 norms of gradients, as scalar tensors.
import * as tf from '@tensorflow/tfjs-core';

export function l2Norm(x: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.sum(tf.square(x))) as tf.Scalar;
}

/** Global norm of a set of tensors: sqrt(Σ ‖g‖²). */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}
