// Activations. GELU is the tanh approximation (flax's default):
//   gelu(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
// computed through the identity 0.5·(1 + tanh(z)) = sigmoid(2z), exact in real arithmetic, because
// the wasm backend's sigmoid is ~5x faster than its tanh. The gradient is written by hand.
import * as tf from '@tensorflow/tfjs-core';
import './core-gradients.js';

export type Activation = 'gelu' | 'relu';
export const ACTIVATIONS: readonly Activation[] = ['gelu', 'relu'];

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const CUBIC = 0.044715;

/** Reference form, straight from the definition (used by tests). */
export function geluTanhReference(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(CUBIC, tf.pow(x, 3))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
  });
}

export const gelu = tf.customGrad((x, saveArg) => {
  const xt = x as tf.Tensor;
  const save = saveArg as tf.GradSaveFunc;
  const x2 = tf.square(xt);
  // s = sigmoid(2z), z = √(2/π)(x + c x³)
  const s = tf.sigmoid(tf.mul(xt, tf.add(2 * SQRT_2_OVER_PI, tf.mul(2 * SQRT_2_OVER_PI * CUBIC, x2))));
  save([xt, x2, s]);
  return {
    value: tf.mul(xt, s),
    gradFunc: (dy, saved) => {
      const [sx, sx2, ss] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      // d/dx [x·s] = s + x·s·(1−s)·2√(2/π)(1 + 3c x²)
      const dz = tf.add(2 * SQRT_2_OVER_PI, tf.mul(6 * SQRT_2_OVER_PI * CUBIC, sx2));
      const local = tf.add(ss, tf.mul(tf.mul(sx, tf.mul(ss, tf.sub(1, ss))), dz));
      return tf.mul(dy, local);
    },
  };
}) as (x: tf.Tensor) => tf.Tensor;

export function activate(kind: Activation, x: tf.Tensor2D): tf.Tensor2D {
  return (kind === 'gelu' ? gelu(x) : tf.relu(x)) as tf.Tensor2D;
}
