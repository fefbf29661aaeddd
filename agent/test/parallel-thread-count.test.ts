// The default thread count: one thread per MIN_GFLOP_PER_THREAD of update arithmetic, up to the cores, on the
// backends that run one core each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeAgentConfig } from '../src/algorithms/index.js';
import { defaultThreads } from '../src/parallel/thread-count.js';

const qflow = (preset: 'cpu' | 'paper') => ({ kind: 'qflow' as const, config: makeAgentConfig('qflow', { preset }) });

test('small updates stay on one thread; large ones take the cores, up to one per 4 GFLOP', () => {
  assert.equal(defaultThreads('wasm', qflow('cpu'), 2).threads, 1, 'cpu preset (0.85 GFLOP)');
  assert.match(defaultThreads('wasm', qflow('cpu'), 2).reason, /GFLOP per update/);
  assert.equal(defaultThreads('wasm', qflow('paper'), 2).threads, 2, 'paper preset (18 GFLOP) on 2 cores');
  assert.equal(defaultThreads('wasm', qflow('paper'), 16).threads, 4, 'paper preset on 16 cores: 18 GFLOP / 4');
  assert.equal(defaultThreads('cpu', qflow('paper'), 1).threads, 1);
});

test('backends that spread their own work get one thread', () => {
  for (const backend of ['tensorflow', 'webgpu']) {
    const choice = defaultThreads(backend, qflow('paper'), 16);
    assert.equal(choice.threads, 1);
    assert.match(choice.reason, new RegExp(`the ${backend} backend uses the machine's cores itself`));
  }
});
