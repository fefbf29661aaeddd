import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { gelu, geluTanhReference, layerNorm, layerNormReference, LAYER_NORM_EPS } from '../src/nn/index.js';

await selectBackend('cpu', () => {});

const geluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const geluErf = [-0.00404951, 0.84134475]; // exact (erf) GELU at -3 and 1: the tanh form differs from these

test('gelu is the tanh approximation, not the erf form', () => {
  const xs = [-4, -2, -1, -0.3, 0, 0.5, 1, 2.5, 6];
  const ours = gelu(tf.tensor1d(xs)).dataSync();
  xs.forEach((x, i) => assert.ok(Math.abs(ours[i]! - geluTanh(x)) < 2e-6, `gelu(${x}) = ${ours[i]} vs ${geluTanh(x)}`));
  const reference = geluTanhReference(tf.tensor1d(xs)).dataSync();
  xs.forEach((x, i) => assert.ok(Math.abs(ours[i]! - reference[i]!) < 2e-6, `reference at ${x}`));
  const [atMinus3, at1] = gelu(tf.tensor1d([-3, 1])).dataSync();
  assert.ok(Math.abs(atMinus3! - geluErf[0]!) > 1e-4 && Math.abs(at1! - geluErf[1]!) > 1e-4, 'differs from erf GELU');
});

test('gelu gradient matches central differences of the tanh formula', () => {
  const xs = [-3, -1.2, -0.1, 0, 0.4, 1.7, 3];
  const grads = tf.grad((x: tf.Tensor) => tf.sum(gelu(x)))(tf.tensor1d(xs)).dataSync();
  const h = 1e-4;
  xs.forEach((x, i) => {
    const numeric = (geluTanh(x + h) - geluTanh(x - h)) / (2 * h);
    assert.ok(Math.abs(grads[i]! - numeric) < 1e-5, `gelu'(${x}) = ${grads[i]} vs ${numeric}`);
  });
});

test('layerNorm normalises each row, then applies scale and bias', () => {
  const x = tf.tensor2d([[1, 2, 3, 6], [-1, -1, 1, 1]]);
  const y = layerNorm(x, tf.tensor1d([1, 2, 1, 1]), tf.tensor1d([0, 0, 0.5, 0])).arraySync();
  const rows = [[1, 2, 3, 6], [-1, -1, 1, 1]];
  rows.forEach((row, r) => {
    const mean = row.reduce((a, b) => a + b) / 4;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    const expected = row.map((v, j) => ((v - mean) / Math.sqrt(variance + LAYER_NORM_EPS)) * [1, 2, 1, 1][j]! + [0, 0, 0.5, 0][j]!);
    expected.forEach((e, j) => assert.ok(Math.abs(y[r]![j]! - e) < 1e-5, `row ${r} col ${j}: ${y[r]![j]} vs ${e}`));
  });
  assert.equal(LAYER_NORM_EPS, 1e-6);
});

test('layerNorm gradients match central differences', () => {
  const x = tf.randomNormal([3, 5], 0, 1, 'float32', 3);
  const scale = tf.randomNormal([5], 1, 0.2, 'float32', 4);
  const bias = tf.randomNormal([5], 0, 0.2, 'float32', 5);
  const c = tf.randomNormal([3, 5], 0, 1, 'float32', 6);
  const f = (xi: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layerNorm(xi as tf.Tensor2D, s as tf.Tensor1D, b as tf.Tensor1D), c));
  const analytic = tf.grads(f)([x, scale, bias]).map((g) => g.dataSync());
  const inputs = [x, scale, bias];
  const eps = 3e-3;
  inputs.forEach((input, k) => {
    const base = input.dataSync();
    for (let i = 0; i < base.length; i++) {
      const perturbed = (d: number) => {
        const v = Float32Array.from(base); v[i]! += d;
        const args = inputs.map((t, j) => (j === k ? tf.tensor(v, t.shape) : t)) as [tf.Tensor, tf.Tensor, tf.Tensor];
        return f(...args).dataSync()[0]!;
      };
      const numeric = (perturbed(eps) - perturbed(-eps)) / (2 * eps);
      assert.ok(Math.abs(analytic[k]![i]! - numeric) < 5e-3 * (1 + Math.abs(numeric)), `input ${k}[${i}]: ${analytic[k]![i]} vs ${numeric}`);
    }
  });
});

test('layerNorm hand-written gradient equals autodiff of the op-by-op form', () => {
  const x = tf.randomNormal([4, 6], 0, 2, 'float32', 7);
  const scale = tf.randomNormal([6], 1, 0.3, 'float32', 8);
  const bias = tf.randomNormal([6], 0, 0.3, 'float32', 9);
  const c = tf.randomNormal([4, 6], 0, 1, 'float32', 10);
  const loss = (f: typeof layerNorm) => (xi: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor2D, s as tf.Tensor1D, b as tf.Tensor1D), c));
  const ours = tf.grads(loss(layerNorm))([x, scale, bias]);
  const reference = tf.grads(loss(layerNormReference))([x, scale, bias]);
  ours.forEach((g, k) => {
    const [a, r] = [g.dataSync(), reference[k]!.dataSync()];
    assert.deepEqual(g.shape, reference[k]!.shape);
    a.forEach((v, i) => assert.ok(Math.abs(v - r[i]!) < 1e-4 * (1 + Math.abs(r[i]!)), `input ${k}[${i}]: ${v} vs ${r[i]}`));
  });
});
