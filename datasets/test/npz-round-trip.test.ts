// Round trips through our own writer and reader: every dtype, .npy and .npz, stored and deflated, ZIP64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndarray, NdArray } from '../src/npy/ndarray.js';
import { readNpy, writeNpy } from '../src/npy/npy-file.js';
import { readNpz, NpzReader } from '../src/npz/npz-reader.js';
import { writeNpz } from '../src/npz/npz-writer.js';

function sampleArrays(): Record<string, NdArray> {
  return {
    f32: ndarray('float32', [3, 4], Float32Array.from({ length: 12 }, (_, i) => i * 0.25 - 1.5)),
    f64: ndarray('float64', [2, 3], Float64Array.from([Math.PI, -0, 1e-300, Infinity, -2.5, 7])),
    flags: ndarray('bool', [5], Uint8Array.from([1, 0, 0, 1, 1])),
    counts: ndarray('int64', [4], BigInt64Array.from([-3n, 0n, 2n ** 40n, 9007199254740993n])),
    pixels: ndarray('uint8', [2, 3, 4], Uint8Array.from({ length: 24 }, (_, i) => (i * 11) % 256)),
    scalar: ndarray('float32', [], Float32Array.from([2.5])),
    empty: ndarray('float32', [0, 3]),
  };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-npz-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

function assertSameArrays(actual: Record<string, NdArray>, expected: Record<string, NdArray>): void {
  assert.deepEqual(Object.keys(actual), Object.keys(expected));
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name]!;
    assert.equal(got.dtype, want.dtype, name);
    assert.deepEqual(got.shape, want.shape, name);
    assert.deepEqual(got.data, want.data, name);
  }
}

test('every dtype survives an .npy round trip', async () => {
  await withTempDir(async (dir) => {
    for (const [name, array] of Object.entries(sampleArrays())) {
      const path = join(dir, `${name}.npy`);
      await writeNpy(path, array);
      const back = await readNpy(path);
      assertSameArrays({ [name]: back }, { [name]: array });
      assert.equal((await readFile(path)).indexOf(0x0a) % 64, 63, 'data starts on a 64-byte boundary');
    }
  });
});

for (const compress of [false, true]) {
  for (const forceZip64 of [false, true]) {
    test(`every dtype survives an .npz round trip (${compress ? 'deflated' : 'stored'}${forceZip64 ? ', ZIP64' : ''})`, async () => {
      await withTempDir(async (dir) => {
        const path = join(dir, 'all.npz');
        await writeNpz(path, sampleArrays(), { compress, forceZip64 });
        assertSameArrays(await readNpz(path), sampleArrays());
        assert.deepEqual(await readdir(dir), ['all.npz'], 'no temp file left behind');
      });
    });
  }
}

test('a large deflated member spanning many stream chunks decodes exactly', async () => {
  await withTempDir(async (dir) => {
    const n = 3_000_000; // 12 MB: many 1 MB inflate chunks, member boundaries inside chunks
    const big = ndarray('float32', [n / 3, 3], Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 100));
    const path = join(dir, 'big.npz');
    await writeNpz(path, { big, tail: ndarray('uint8', [3], Uint8Array.from([1, 2, 3])) });
    const back = await readNpz(path);
    assert.deepEqual(back.big!.data, big.data);
    assert.deepEqual(back.tail!.data, Uint8Array.from([1, 2, 3]));
  });
});

test('member info reads dtype and shape without decoding the data', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'x.npz');
    await writeNpz(path, sampleArrays());
    const reader = await NpzReader.open(path);
    try {
      const info = await reader.info('pixels');
      assert.equal(info.dtype, 'uint8');
      assert.deepEqual(info.shape, [2, 3, 4]);
      assert.equal(info.method, 'deflated');
      await assert.rejects(reader.read('nope'), /no array 'nope' \(present: f32, f64/);
    } finally {
      await reader.close();
    }
  });
});

test('a corrupted or truncated archive is reported with the file and member name', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'c.npz');
    const data = ndarray('float32', [1000], Float32Array.from({ length: 1000 }, (_, i) => i));
    await writeNpz(path, { data }, { compress: false });
    const bytes = await readFile(path);
    const flipped = Buffer.from(bytes);
    flipped[500] = flipped[500]! ^ 0xff; // inside the stored data
    await writeFile(path, flipped);
    await assert.rejects(readNpz(path), /c\.npz:data\.npy: CRC-32 mismatch/);
    await writeFile(path, bytes.subarray(0, 2000));
    await assert.rejects(readNpz(path), /c\.npz: not a zip\/npz file or truncated/);
  });
});

test('a truncated deflated member is reported as truncated', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 't.npz');
    const data = ndarray('float64', [5000], Float64Array.from({ length: 5000 }, (_, i) => Math.sqrt(i)));
    await writeNpz(path, { data });
    const bytes = await readFile(path);
    // Cut the member's data in half but keep a valid directory: rebuild the tail after the cut.
    const reader = await NpzReader.open(path);
    const info = await reader.info('data');
    await reader.close();
    const dirStart = bytes.length - 22 - (46 + 'data.npy'.length);
    const cut = Buffer.concat([bytes.subarray(0, 60 + (info.compressedSize >> 1)), bytes.subarray(dirStart)]);
    // Point the end record at the moved central directory.
    cut.writeUInt32LE(60 + (info.compressedSize >> 1), cut.length - 6);
    await writeFile(path, cut);
    await assert.rejects(readNpz(path), /t\.npz:data\.npy: (truncated|corrupt)/);
  });
});
