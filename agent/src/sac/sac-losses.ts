// SAC's three losses (docs/algorithm.md#sac-experts), on tensors:
//   critic target  y = r + γ·mask·(min_k Q̄_k(s', a') − α·log π(a'|s')),  a' ~ π(·|s')
//   critic loss    Σ_k mean_b (Q_k(s, a) − y)²
//   actor loss     mean_b (α·log π(ã|s) − min_k Q_k(s, ã)),  ã ~ π(·|s) reparameterised
//   temperature    α·(H − H̄) with H = −mean_b log π(ã|s) and target entropy H̄ (gradient taken w.r.t. log α)
import * as tf from '@tensorflow/tfjs-core';

export function criticTarget(reward: tf.Tensor1D, mask: tf.Tensor1D, nextQMin: tf.Tensor1D, nextLogProb: tf.Tensor1D, alpha: number, discount: number): tf.Tensor1D {
  return tf.tidy(() => tf.add(reward, tf.mul(tf.mul(discount, mask), tf.sub(nextQMin, tf.mul(alpha, nextLogProb)))) as tf.Tensor1D);
}

export function criticLoss(qs: tf.Tensor1D[], target: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.addN(qs.map((q) => tf.mean(tf.square(tf.sub(q, target))))) as tf.Scalar);
}

export function actorLoss(logProb: tf.Tensor1D, qMin: tf.Tensor1D, alpha: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.mul(alpha, logProb), qMin)) as tf.Scalar);
}

/** The temperature loss and its gradient with respect to log α (a plain number: α is a host scalar). */
export function temperatureLoss(logAlpha: number, entropy: number, targetEntropy: number): { loss: number; grad: number } {
  const alpha = Math.exp(logAlpha);
  const loss = alpha * (entropy - targetEntropy);
  return { loss, grad: loss };
}
