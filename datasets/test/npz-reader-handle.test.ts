// One NpzReader reads many members through one shared file handle: stopping early, failing, or reading more than
// ten members must leave that handle open and quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndarray, NdArray } from '../src/npy/ndarray.js';
import { NpzReader } from '../src/npz/npz-reader.js';
import { writeNpz } from '../src/npz/npz-writer.js';
import { inspectDataset } from '../src/inspect/inspect-dataset.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-handle-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test("member info then reads on numpy's uncompressed np.savez file (stopping early keeps the handle open)", async () => {
  const reader = await NpzReader.open(join(fixtures, 'numpy-stored.npz'));
  try {
    const infos = await Promise.all(reader.names.map((n) => reader.info(n)));
    assert.deepEqual(infos.map((i) => i.method), reader.names.map(() => 'stored'));
    assert.deepEqual(infos.find((i) => i.name === 'f32')!.shape, [3, 4]);
    for (const name of reader.names) await reader.info(name);
    const f64 = await reader.read('f64');
    assert.deepEqual(f64.data, Float64Array.from({ length: 6 }, (_, i) => i / 3));
  } finally {
    await reader.close();
  }
});

test('a failed member read leaves the other members readable', async () => {
  const reader = await NpzReader.open(join(fixtures, 'object-member.npz'));
  try {
    await assert.rejects(reader.read('bad'), /object arrays/);
    await assert.rejects(reader.info('bad'), /object arrays/);
    assert.deepEqual((await reader.read('good')).data, new Float32Array(2));
  } finally {
    await reader.close();
  }
});

test('inspect works on an uncompressed dataset file with several members', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'd.npz');
    await writeNpz(path, {
      observations: ndarray('float32', [4, 2], Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7])),
      actions: ndarray('float32', [4, 1], Float32Array.from([9, 8, 7, 6])),
      terminals: ndarray('bool', [4], Uint8Array.from([0, 1, 0, 1])),
    }, { compress: false });
    const report = await inspectDataset(path);
    assert.deepEqual(report.arrays.map((a) => [a.name, a.method]), [['observations', 'stored'], ['actions', 'stored'], ['terminals', 'stored']]);
    assert.equal(report.rows, 4);
    assert.equal(report.transitions, 2);
  });
});

for (const compress of [false, true]) {
  test(`reading 14 members through one reader emits no warning (${compress ? 'deflated' : 'stored'})`, async () => {
    await withTempDir(async (dir) => {
      const arrays: Record<string, NdArray> = {};
      for (let i = 0; i < 14; i++) arrays[`m${i}`] = ndarray('float32', [i + 1], Float32Array.from({ length: i + 1 }, (_, k) => k));
      const path = join(dir, 'many.npz');
      await writeNpz(path, arrays, { compress });
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        const reader = await NpzReader.open(path);
        try {
          for (const name of reader.names) assert.equal((await reader.read(name)).data.length, arrays[name]!.data.length);
          for (const name of reader.names) await reader.info(name);
        } finally {
          await reader.close();
        }
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      } finally {
        process.off('warning', onWarning);
      }
      assert.deepEqual(warnings.map((w) => `${w.name}: ${w.message}`), []);
    });
  });
}

