// The tanh-squashed Gaussian policy of SAC (docs/algorithm.md#sac-experts): u = μ + σ·ε, a = tanh(u), and
//   log π(a|s) = Σ_j [ log N(u_j; μ_j, σ_j) − log(1 − tanh(u_j)²) ],
// the second term being the log-Jacobian of the squashing. log(1 − tanh(u)²) is computed in the overflow-free
// form 2·(log 2 − u − softplus(−2u)).
import * as tf from '@tensorflow/tfjs-core';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(1 − tanh(u)²), elementwise. */
export function logTanhJacobian(u: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(2, tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(-2, u)))));
}

/**
 * Reparameterised sample and its log-probability. mean, logStd, noise: [B, A] → action [B, A], logProb [B].
 * Differentiable with respect to mean and logStd.
 */
export function sampleSquashed(mean: tf.Tensor2D, logStd: tf.Tensor2D, noise: tf.Tensor2D): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
  return tf.tidy(() => {
    const u = tf.add(mean, tf.mul(tf.exp(logStd), noise));
    const gaussian = tf.sub(tf.sub(tf.mul(-0.5, tf.square(noise)), logStd), HALF_LOG_2PI);
    const logProb = tf.sum(tf.sub(gaussian, logTanhJacobian(u)), 1) as tf.Tensor1D;
    return { action: tf.tanh(u) as tf.Tensor2D, logProb };
  });
}
