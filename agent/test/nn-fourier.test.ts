import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { fourierFrequencies, fourierTimeEmbedding } from '../src/nn/index.js';

await selectBackend('cpu', () => {});

test('D = 16 uses the 8 log-spaced frequencies 1 … 256 of docs/algorithm.md#fourier-time-embedding', () => {
  const documented = [1, 2.208, 4.876, 10.767, 23.776, 52.501, 115.933, 256];
  const freqs = fourierFrequencies(16);
  assert.equal(freqs.length, 8);
  freqs.forEach((f, i) => assert.ok(Math.abs(f - documented[i]!) < 1e-3, `ω_${i} = ${f}, documented ${documented[i]}`));
});

test('features are all sines then all cosines, without a 2π factor', () => {
  const t = [0, 0.25, 0.9];
  const out = fourierTimeEmbedding(tf.tensor2d(t, [3, 1]), 16).arraySync();
  const freqs = fourierFrequencies(16);
  t.forEach((tv, b) => {
    assert.equal(out[b]!.length, 16);
    freqs.forEach((w, k) => {
      assert.ok(Math.abs(out[b]![k]! - Math.sin(tv * w)) < 2e-4, `sin at t=${tv}, k=${k}`);
      assert.ok(Math.abs(out[b]![8 + k]! - Math.cos(tv * w)) < 2e-4, `cos at t=${tv}, k=${k}`);
    });
  });
});

test('maxFreq changes the top frequency (the 2D toy uses 512); odd widths are rejected', () => {
  assert.ok(Math.abs(fourierFrequencies(16, 512)[7]! - 512) < 1e-9);
  assert.throws(() => fourierFrequencies(15), /even integer/);
});
