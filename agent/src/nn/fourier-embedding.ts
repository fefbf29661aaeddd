// Fourier features of a scalar time t (docs/algorithm.md#fourier-time-embedding): K = D/2 frequencies log-spaced from
// 1 to maxFreq inclusive, f(t) = [sin(t·ω_0..K−1), cos(t·ω_0..K−1)] (all sines, then all cosines; no 2π factor).
import * as tf from '@tensorflow/tfjs-core';

export function fourierFrequencies(dim: number, maxFreq = 256): number[] {
  if (!Number.isInteger(dim) || dim < 2 || dim % 2 !== 0) {
    throw new Error(`time embedding width must be an even integer >= 2, got ${dim}`);
  }
  const k = dim / 2;
  if (k === 1) return [1];
  return Array.from({ length: k }, (_, i) => Math.exp((Math.log(maxFreq) * i) / (k - 1)));
}

/** t: [B, 1] → [B, dim]. */
export function fourierTimeEmbedding(t: tf.Tensor2D, dim: number, maxFreq = 256): tf.Tensor2D {
  const freqs = fourierFrequencies(dim, maxFreq);
  return tf.tidy(() => {
    const angles = tf.mul(t, tf.tensor2d(freqs, [1, freqs.length]));
    return tf.concat([tf.sin(angles), tf.cos(angles)], 1) as tf.Tensor2D;
  });
}
