import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint, loadCheckpoint, encodeCheckpoint, type Checkpoint } from '../src/checkpoints/checkpoint.js';
import { tempPathFor, writeFlushedTemp } from '../src/files/replace-file.js';

function sampleCheckpoint(step: number): Checkpoint {
  return {
    agent: {
      kind: 'qflow', config: { lr: 3e-4, hidden: [8, 8] }, step,
      tensors: {
        'actor/w0': { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, step]) },
        'adam/m/actor/w0': { shape: [2, 3], data: new Float32Array([0.1, -0.2, 1e-30, 3e38, -0, step]) },
      },
    },
    samplerRng: [1, 2, 3, 4294967295],
    loop: { step, elapsedSec: 1.5 },
    config: { dataset: 'x.npz', seed: 3 },
  };
}

test('checkpoint: save then load round-trips tensors bit-exactly, RNG state, counters and config', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-ckpt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'ckpt.msgpack');
  const ckpt = sampleCheckpoint(10);
  saveCheckpoint(path, ckpt);
  const back = loadCheckpoint(path);
  assert.deepEqual(back.samplerRng, ckpt.samplerRng);
  assert.deepEqual(back.loop, ckpt.loop);
  assert.deepEqual(back.config, ckpt.config);
  assert.equal(back.agent.kind, 'qflow');
  assert.equal(back.agent.step, 10);
  for (const [name, tensor] of Object.entries(ckpt.agent.tensors)) {
    const got = back.agent.tensors[name]!;
    assert.ok(got.data instanceof Float32Array);
    assert.deepEqual(got.shape, tensor.shape);
    assert.deepEqual(new Uint8Array(got.data.buffer), new Uint8Array(tensor.data.buffer), name);
  }
  assert.deepEqual(readdirSync(dir), ['ckpt.msgpack'], 'no temp file is left behind');
});

test('checkpoint: a crash mid-write (bytes only in the temp file) leaves the previous checkpoint intact', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-ckpt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'ckpt.msgpack');
  saveCheckpoint(path, sampleCheckpoint(10));
  // The next save is interrupted after writing half its bytes to the temp path and before the rename.
  const bytes = encodeCheckpoint(sampleCheckpoint(20));
  const tmp = writeFlushedTemp(path, bytes.subarray(0, bytes.length >> 1));
  assert.equal(tmp, tempPathFor(path));
  assert.notEqual(tmp, path);
  const back = loadCheckpoint(path);
  assert.equal(back.loop.step, 10);
  assert.equal(back.agent.tensors['actor/w0']!.data[5], 10);
  // The next successful save replaces it.
  saveCheckpoint(path, sampleCheckpoint(30));
  assert.equal(loadCheckpoint(path).loop.step, 30);
});

test('checkpoint: truncated, foreign or missing files give clear errors', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-ckpt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bytes = encodeCheckpoint(sampleCheckpoint(1));
  writeFileSync(join(dir, 'cut.msgpack'), bytes.subarray(0, bytes.length - 7));
  assert.throws(() => loadCheckpoint(join(dir, 'cut.msgpack')), /cut\.msgpack/);
  writeFileSync(join(dir, 'other.msgpack'), encodeCheckpoint(sampleCheckpoint(1)).subarray(0, 0));
  assert.throws(() => loadCheckpoint(join(dir, 'other.msgpack')), /other\.msgpack/);
  assert.throws(() => loadCheckpoint(join(dir, 'missing.msgpack')), /does not exist/);
});
