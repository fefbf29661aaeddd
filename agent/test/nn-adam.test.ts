import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { Adam, emaUpdate } from '../src/nn/index.js';

await selectBackend('cpu', () => {});

test('Adam matches hand-computed optax steps (bias correction, eps outside the sqrt)', () => {
  const p = tf.variable(tf.tensor1d([1, -2]));
  const adam = new Adam(new Map([['p', p]]), { lr: 0.1 });
  const gradients = [[0.5, 0.001], [-1, 0.002]];
  // By hand, in float64: m_k = 0.9 m + 0.1 g, v_k = 0.999 v + 0.001 g², p -= lr·(m/(1−0.9^k))/(sqrt(v/(1−0.999^k)) + 1e-8)
  const expected = [1, -2];
  const m = [0, 0];
  const v = [0, 0];
  gradients.forEach((g, k) => {
    adam.apply(new Map([['p', tf.tensor1d(g)]]));
    for (let i = 0; i < 2; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
      const mHat = m[i]! / (1 - 0.9 ** (k + 1));
      const vHat = v[i]! / (1 - 0.999 ** (k + 1));
      expected[i]! -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    const got = p.dataSync();
    expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) < 1e-6, `step ${k + 1} p[${i}] = ${got[i]} vs ${e}`));
  });
  // First step moves each coordinate by ≈ lr whatever the gradient scale (the hallmark of bias correction).
  assert.ok(Math.abs(expected[0]! - 0.9366101) < 1e-6);
  assert.equal(adam.count, 2);
  adam.dispose();
  p.dispose();
});

test('Adam refuses a missing gradient', () => {
  const p = tf.variable(tf.zeros([2]));
  const adam = new Adam(new Map([['p', p]]), { lr: 0.1 });
  assert.throws(() => adam.apply(new Map()), /no gradient for parameter 'p'/);
  adam.dispose();
  p.dispose();
});

test('EMA moves the target exactly τ of the way to the source', () => {
  const target = tf.variable(tf.tensor1d([0, 10]));
  emaUpdate([target], [tf.tensor1d([1, 0])], 0.005);
  const got = target.dataSync();
  assert.ok(Math.abs(got[0]! - 0.005) < 1e-7 && Math.abs(got[1]! - 9.95) < 1e-5, `${got}`);
  target.dispose();
});
