import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { activeBackendName, selectBackend } from '../src/backend/index.js';

async function nativeInstalled(): Promise<boolean> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try { await import(pkg); return true; } catch { /* absent */ }
  }
  return false;
}

test("requesting 'tensorflow' without tfjs-node falls back with one line naming why", { timeout: 60_000 }, async (t) => {
  if (await nativeInstalled()) return t.skip('tfjs-node is installed here');
  const lines: string[] = [];
  const selection = await selectBackend('tensorflow', (l) => lines.push(l));
  assert.equal(lines.length, 1, `one log line, got ${JSON.stringify(lines)}`);
  assert.ok(['wasm', 'cpu'].includes(selection.name), selection.name);
  assert.equal(activeBackendName(), selection.name);
  assert.match(lines[0]!, new RegExp(`^backend: ${selection.name} `));
  assert.match(lines[0]!, /requested tensorflow, fell back/);
  assert.match(lines[0]!, /@tensorflow\/tfjs-node not installed/);
});

test("'cpu' is honoured and 'auto' picks a working backend", { timeout: 60_000 }, async () => {
  const lines: string[] = [];
  assert.equal((await selectBackend('cpu', (l) => lines.push(l))).name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(lines[0]!, /^backend: cpu/);
  const auto = await selectBackend('auto', (l) => lines.push(l));
  assert.equal(activeBackendName(), auto.name);
  assert.equal(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]), 5);
});

test('an unknown backend name is rejected with the valid choices', async () => {
  await assert.rejects(selectBackend('gpu' as never, () => {}), /unknown backend 'gpu'; valid choices: auto, tensorflow, webgpu, blas, wasm, cpu/);
});
