import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { sampleSquashed } from '../src/sac/squashed-gaussian.js';
import { criticTarget, temperatureLoss } from '../src/sac/sac-losses.js';

await selectBackend('cpu', () => {});

test('tanh-squashed Gaussian: action = tanh(μ + σε) and log-prob includes the tanh Jacobian', () => {
  // One action dim, μ = 0.5, log σ = ln 2, ε = 0.25 → u = 1, a = tanh(1).
  const { action, logProb } = sampleSquashed(tf.tensor2d([[0.5]]), tf.tensor2d([[Math.LN2]]), tf.tensor2d([[0.25]]));
  const u = 1;
  const gaussian = -0.5 * 0.25 ** 2 - Math.LN2 - 0.5 * Math.log(2 * Math.PI);
  const expected = gaussian - Math.log(1 - Math.tanh(u) ** 2);
  assert.ok(Math.abs(action.dataSync()[0]! - Math.tanh(u)) < 1e-6);
  assert.ok(Math.abs(logProb.dataSync()[0]! - expected) < 1e-5, `${logProb.dataSync()[0]} vs ${expected}`);
});

test('tanh-squashed Gaussian: log-probs of independent dims add, stable far into the tails', () => {
  const { logProb } = sampleSquashed(tf.tensor2d([[0, 20]]), tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 0]]));
  // Dim 0: N(0;0,1) at u = 0 (Jacobian term 0). Dim 1: u = 20, log(1 − tanh²(20)) = 2(ln2 − 20 − softplus(−40)).
  const expected = 2 * -0.5 * Math.log(2 * Math.PI) - 2 * (Math.LN2 - 20 - Math.log1p(Math.exp(-40)));
  const got = logProb.dataSync()[0]!;
  assert.ok(Number.isFinite(got));
  assert.ok(Math.abs(got - expected) < 1e-3, `${got} vs ${expected}`);
});

test('critic target y = r + γ·mask·(min Q̄ − α·log π), terminal rows keep only the reward', () => {
  const y = criticTarget(tf.tensor1d([1, 2]), tf.tensor1d([1, 0]), tf.tensor1d([10, 10]), tf.tensor1d([-3, -3]), 0.5, 0.9).dataSync();
  assert.ok(Math.abs(y[0]! - (1 + 0.9 * (10 + 1.5))) < 1e-5);
  assert.equal(y[1], 2);
});

test('temperature loss α·(H − H̄): its log-α gradient shrinks α when the entropy is above target', () => {
  const t = temperatureLoss(Math.log(0.2), 3, -4);
  assert.ok(Math.abs(t.loss - 0.2 * 7) < 1e-12);
  assert.ok(t.grad > 0);
  assert.ok(temperatureLoss(0, -5, -4).grad < 0);
});
