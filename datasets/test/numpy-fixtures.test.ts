// Reads files written by numpy. The fixtures in test/fixtures/ were made by test/fixtures/make-fixtures.py
// (python3 with Debian's python3-numpy); its array formulas are repeated here as the expected values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy } from '../src/npy/npy-file.js';
import { readNpz } from '../src/npz/npz-reader.js';
import { writeNpz } from '../src/npz/npz-writer.js';
import { ndarray } from '../src/npy/ndarray.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

const expected = {
  f32: { dtype: 'float32', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i * 0.5 - 1) },
  f64: { dtype: 'float64', shape: [2, 3], data: Float64Array.from({ length: 6 }, (_, i) => i / 3) },
  flags: { dtype: 'bool', shape: [5], data: Uint8Array.from([1, 0, 0, 1, 1]) },
  counts: { dtype: 'int64', shape: [4], data: BigInt64Array.from([-3n, 0n, 2n ** 40n, 7n]) },
  pixels: { dtype: 'uint8', shape: [2, 3, 4], data: Uint8Array.from({ length: 24 }, (_, i) => i) },
  scalar: { dtype: 'float32', shape: [], data: Float32Array.from([2.5]) },
};

for (const file of ['numpy-compressed.npz', 'numpy-stored.npz']) {
  test(`reads every dtype from numpy's ${file}`, async () => {
    const arrays = await readNpz(join(fixtures, file));
    assert.deepEqual(Object.keys(arrays).sort(), Object.keys(expected).sort());
    for (const [name, want] of Object.entries(expected)) {
      assert.equal(arrays[name]!.dtype, want.dtype, name);
      assert.deepEqual(arrays[name]!.shape, want.shape, name);
      assert.deepEqual(arrays[name]!.data, want.data, name);
    }
  });
}

test("reads numpy's .npy", async () => {
  const array = await readNpy(join(fixtures, 'numpy-f64.npy'));
  assert.deepEqual(array, expected.f64);
});

test("numpy's Fortran-order arrays are read in C order", async () => {
  // np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))
  assert.deepEqual(await readNpy(join(fixtures, 'fortran-order.npy')), { dtype: 'float32', shape: [2, 3], data: Float32Array.from([0, 1, 2, 3, 4, 5]) });
});

test('object (pickled) arrays are rejected with an error naming the file and member', async () => {
  await assert.rejects(readNpy(join(fixtures, 'object-array.npy')), /object-array\.npy: object arrays \(pickled/);
  await assert.rejects(readNpz(join(fixtures, 'object-member.npz')), /object-member\.npz:bad\.npy: object arrays/);
  const good = await readNpz(join(fixtures, 'object-member.npz'), ['good']);
  assert.deepEqual(good.good!.data, new Float32Array(2));
});

test("numpy's big-endian arrays are read as little-endian values", async () => {
  // np.arange(3, dtype='>f4')
  assert.deepEqual(await readNpy(join(fixtures, 'big-endian.npy')), { dtype: 'float32', shape: [3], data: Float32Array.from([0, 1, 2]) });
});

const numpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('numpy reads what writeNpz writes (deflated and stored)', { skip: numpy ? false : '/usr/bin/python3 with numpy is not installed (.ci/install-python3-numpy.sh)' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-numpy-'));
  try {
    const arrays = {
      obs: ndarray('float32', [2, 2], Float32Array.from([1, 2, 3, 4.5])),
      term: ndarray('bool', [2], Uint8Array.from([0, 1])),
      btn: ndarray('int64', [3], BigInt64Array.from([1n, -1n, 2n ** 50n])),
    };
    await writeNpz(join(dir, 'd.npz'), arrays, { compress: true });
    await writeNpz(join(dir, 's.npz'), arrays, { compress: false, forceZip64: true });
    const script = `import numpy as np, zipfile
for f in ['d.npz', 's.npz']:
    assert zipfile.ZipFile(f).testzip() is None
    z = np.load(f)
    print(f, z['obs'].dtype, z['obs'].tolist(), z['term'].tolist(), z['btn'].tolist())`;
    const out = spawnSync('/usr/bin/python3', ['-c', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const line = 'float32 [[1.0, 2.0], [3.0, 4.5]] [False, True] [1, -1, 1125899906842624]';
    assert.equal(out.stdout, `d.npz ${line}\ns.npz ${line}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
