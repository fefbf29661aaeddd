import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { dense, denseAutodiff, denseBackwardStyle, setDenseBackwardStyle, type BackwardStyle } from '../src/nn/index.js';

await selectBackend('cpu', () => {});

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol * (1 + Math.abs(expected[i]!)), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Loss L = Σ c ⊙ dense(x, W, b) for a fixed random c, so every output element gets a distinct weight. */
function lossOf(layer: typeof dense, c: tf.Tensor2D) {
  return (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layer(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), c));
}

test('dense forward is x·W + b', () => {
  const x = tf.tensor2d([[1, 2], [3, -1]]);
  const w = tf.tensor2d([[0.5, -1, 2], [1, 0, -0.5]]);
  const b = tf.tensor1d([0.1, 0.2, 0.3]);
  close(dense(x, w, b).dataSync(), [2.6, -0.8, 1.3, 0.6, -2.8, 6.8], 1e-6, 'y');
});

for (const style of ['explicit-transpose', 'transpose-flags'] as BackwardStyle[]) {
  test(`dense gradients (${style}) equal tfjs autodiff of matMul + add`, () => {
    setDenseBackwardStyle(style);
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
  const w = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
  const b = tf.randomNormal([3], 0, 1, 'float32', 3);
  const c = tf.randomNormal([5, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
  const ours = tf.grads(lossOf(dense, c))([x, w, b]);
  const reference = tf.grads(lossOf(denseAutodiff, c))([x, w, b]);
  ['dx', 'dW', 'db'].forEach((name, i) => {
    assert.deepEqual(ours[i]!.shape, reference[i]!.shape, `${name} shape`);
    close(ours[i]!.dataSync(), reference[i]!.dataSync(), 1e-5, name);
  });
});

  test(`dense gradients (${style}) equal central finite differences`, () => {
    setDenseBackwardStyle(style);
  const x = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
  const w = tf.randomNormal([4, 2], 0, 1, 'float32', 6);
  const b = tf.randomNormal([2], 0, 1, 'float32', 7);
  const c = tf.randomNormal([3, 2], 0, 1, 'float32', 8) as tf.Tensor2D;
  const f = lossOf(dense, c);
  const analytic = tf.grads(f)([x, w, b]).map((g) => g.dataSync());
  const inputs = [x, w, b];
  const eps = 1e-2; // the loss is linear in each input, so float32 central differences are accurate
  inputs.forEach((input, k) => {
    const base = input.dataSync();
    const numeric = Array.from(base, (_, i) => {
      const plus = Float32Array.from(base); plus[i]! += eps;
      const minus = Float32Array.from(base); minus[i]! -= eps;
      const args = (v: Float32Array) => inputs.map((t, j) => (j === k ? tf.tensor(v, t.shape) : t));
      const [p, m] = [f(...(args(plus) as [tf.Tensor, tf.Tensor, tf.Tensor])), f(...(args(minus) as [tf.Tensor, tf.Tensor, tf.Tensor]))];
      return (p.dataSync()[0]! - m.dataSync()[0]!) / (2 * eps);
    });
    close(analytic[k]!, numeric, 2e-3, `input ${k}`);
  });
});
}
setDenseBackwardStyle(undefined);

test('the backward style follows the backend: flags on cpu, explicit transposes on wasm', () => {
  setDenseBackwardStyle(undefined);
  assert.equal(denseBackwardStyle(), 'transpose-flags');
});

test('weightGrads: false passes the same input gradient and no weight gradient', () => {
  const x = tf.randomNormal([4, 3], 0, 1, 'float32', 9);
  const w = tf.randomNormal([3, 2], 0, 1, 'float32', 10);
  const b = tf.zeros([2]) as tf.Tensor1D;
  const full = tf.grad((xi: tf.Tensor) => tf.sum(tf.square(dense(xi as tf.Tensor2D, w as tf.Tensor2D, b))))(x);
  const inputOnly = tf.grad((xi: tf.Tensor) => tf.sum(tf.square(dense(xi as tf.Tensor2D, w as tf.Tensor2D, b, { weightGrads: false }))))(x);
  close(inputOnly.dataSync(), full.dataSync(), 1e-6, 'dx');
  const wv = tf.variable(w);
  assert.throws(() => tf.variableGrads(() => tf.sum(dense(x as tf.Tensor2D, wv as tf.Tensor2D, b, { weightGrads: false })) as tf.Scalar, [wv]));
  wv.dispose();
});

test('on wasm the backward pass uses explicit transposes', { timeout: 60_000 }, async () => {
  await selectBackend('wasm', () => {});
  if (tf.getBackend() !== 'wasm') return;
  assert.equal(denseBackwardStyle(), 'explicit-transpose');
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
  const w = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
  const b = tf.randomNormal([3], 0, 1, 'float32', 3);
  const c = tf.randomNormal([5, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
  const ours = tf.grads(lossOf(dense, c))([x, w, b]);
  const reference = tf.grads(lossOf(denseAutodiff, c))([x, w, b]);
  ours.forEach((g, i) => close(g.dataSync(), reference[i]!.dataSync(), 1e-5, `grad ${i} on wasm`));
  await selectBackend('cpu', () => {});
});
