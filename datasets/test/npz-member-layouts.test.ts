// Members numpy writes in other layouts or dtypes, in deflated members of realistic size (≥ 1 MB, many inflate
// chunks): big-endian and Fortran-order arrays are read like numpy reads them; unsupported dtypes are reported as
// such (the .npy header is decoded first), not as corrupt or truncated data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdArray } from '../src/npy/ndarray.js';
import { readNpz } from '../src/npz/npz-reader.js';
import { honestMember, npyHeader, rawNpz } from './raw-npz.js';
import { assertRefused } from './npz-refusal.js';

const N = 400_000; // 1.6 MB of int32/float32, 3.2 MB of float64

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-layouts-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

/** One deflated member `a.npy` with a raw header and data bytes. */
async function writeMember(dir: string, descr: string, shape: number[], data: Buffer, fortranOrder = false): Promise<string> {
  const path = join(dir, `${descr.replace(/[<>|=]/, '')}${fortranOrder ? '-F' : ''}.npz`);
  await writeFile(path, rawNpz([honestMember('a.npy', Buffer.concat([npyHeader(descr, shape, fortranOrder), data]), 8)]));
  return path;
}

/** Item i of a test array: exact in float32 and float64. */
const value = (i: number): number => i * 0.5 - 1000;

test('unsupported dtypes in a large deflated member are reported as the dtype they are', async () => {
  await withTempDir(async (dir) => {
    const int32 = Buffer.from(Int32Array.from({ length: N }, (_, i) => i).buffer);
    await assertRefused(await writeMember(dir, '<i4', [N], int32), /a\.npy: unsupported dtype '<i4' \(int32\); valid: float32 \(<f4\)/);
    const float16 = Buffer.alloc(2 * N, 0x3c); // 1.0 is 0x3c00
    await assertRefused(await writeMember(dir, '<f2', [N], float16), /a\.npy: unsupported dtype '<f2' \(float16\)/);
    await assertRefused(await writeMember(dir, '<c8', [N / 2], int32), /unsupported dtype '<c8' \(complex64\)/);
  });
});

test('big-endian float32, float64 and int64 members are converted to little-endian values', async () => {
  await withTempDir(async (dir) => {
    const f32 = Buffer.alloc(4 * N);
    const f64 = Buffer.alloc(8 * N);
    const i64 = Buffer.alloc(8 * N);
    for (let i = 0; i < N; i++) {
      f32.writeFloatBE(value(i), 4 * i);
      f64.writeDoubleBE(value(i) / 3, 8 * i);
      i64.writeBigInt64BE(BigInt(i) * 3_000_000_007n - 5n, 8 * i);
    }
    const a32 = (await readNpz(await writeMember(dir, '>f4', [N / 4, 4], f32))).a!;
    assert.deepEqual(a32, { dtype: 'float32', shape: [N / 4, 4], data: Float32Array.from({ length: N }, (_, i) => value(i)) });
    const a64 = (await readNpz(await writeMember(dir, '>f8', [N], f64))).a!;
    assert.deepEqual(a64.data, Float64Array.from({ length: N }, (_, i) => value(i) / 3));
    const ai = (await readNpz(await writeMember(dir, '>i8', [N], i64))).a!;
    assert.deepEqual(ai.data, BigInt64Array.from({ length: N }, (_, i) => BigInt(i) * 3_000_000_007n - 5n));
  });
});

test('Fortran-order members (2-D and 3-D, little- and big-endian) are read in C order', async () => {
  await withTempDir(async (dir) => {
    const shape = [100, 50, 80]; // N items
    // Fortran order: the first axis moves fastest. C-order item (i, j, k) holds value(C index).
    const f32 = Buffer.alloc(4 * N);
    const f64 = Buffer.alloc(8 * N);
    let at = 0;
    for (let k = 0; k < 80; k++) {
      for (let j = 0; j < 50; j++) {
        for (let i = 0; i < 100; i++, at++) {
          f32.writeFloatLE(value((i * 50 + j) * 80 + k), 4 * at);
          f64.writeDoubleBE(value((i * 50 + j) * 80 + k), 8 * at);
        }
      }
    }
    const expected = Float32Array.from({ length: N }, (_, i) => value(i));
    assert.deepEqual((await readNpz(await writeMember(dir, '<f4', shape, f32, true))).a, { dtype: 'float32', shape, data: expected });
    assert.deepEqual((await readNpz(await writeMember(dir, '>f8', shape, f64, true))).a!.data, Float64Array.from(expected));
    const matrix = Buffer.from(Float32Array.from({ length: 6 }, (_, i) => i).buffer); // columns (0, 1), (2, 3), (4, 5)
    assert.deepEqual((await readNpz(await writeMember(dir, '<f4', [2, 3], matrix, true))).a!.data, Float32Array.from([0, 2, 4, 1, 3, 5]));
  });
});

const numpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('files numpy writes: big-endian, Fortran-order and unsupported members, deflated and stored',
  { skip: numpy ? false : '/usr/bin/python3 with numpy is not installed (.ci/install-python3-numpy.sh)' }, async () => {
    await withTempDir(async (dir) => {
      const script = `import numpy as np
n = ${N}
x = np.arange(n) * 0.5 - 1000
arrays = dict(
    be32=x.astype('>f4').reshape(-1, 8), be64=x.astype('>f8'),
    f32F=np.asfortranarray(x.astype('<f4').reshape(100, 50, 80)), be64F=np.asfortranarray(x.astype('>f8').reshape(800, 500)),
    ok=np.zeros(3, np.float32))
np.savez_compressed('compressed.npz', **arrays)
np.savez('stored.npz', **arrays)
np.savez_compressed('int32.npz', a=np.arange(n, dtype=np.int32), ok=np.zeros(3, np.float32))
np.savez_compressed('float16.npz', a=x.astype(np.float16))`;
      const out = spawnSync('/usr/bin/python3', ['-c', script], { cwd: dir, encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const x32 = Float32Array.from({ length: N }, (_, i) => value(i));
      const x64 = Float64Array.from({ length: N }, (_, i) => value(i));
      const expected: Record<string, NdArray> = {
        be32: { dtype: 'float32', shape: [N / 8, 8], data: x32 },
        be64: { dtype: 'float64', shape: [N], data: x64 },
        f32F: { dtype: 'float32', shape: [100, 50, 80], data: x32 },
        be64F: { dtype: 'float64', shape: [800, 500], data: x64 },
        ok: { dtype: 'float32', shape: [3], data: new Float32Array(3) },
      };
      for (const file of ['compressed.npz', 'stored.npz']) assert.deepEqual(await readNpz(join(dir, file)), expected, file);
      await assertRefused(join(dir, 'int32.npz'), /int32\.npz:a\.npy: unsupported dtype '<i4' \(int32\)/);
      await assertRefused(join(dir, 'float16.npz'), /float16\.npz:a\.npy: unsupported dtype '<f2' \(float16\)/);
      assert.deepEqual((await readNpz(join(dir, 'int32.npz'), ['ok'])).ok!.data, new Float32Array(3));
    });
  });
