// Hostile or corrupt size claims: every declared size is checked against the others and against the .npy header
// before data is inflated or memory allocated, and inflation stops where the header's data ends. The 1.5 GiB
// deflate streams below are ~1.6 MB files built from one deflated MiB repeated, so the tests stay small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { readNpz } from '../src/npz/npz-reader.js';
import { readNpy } from '../src/npy/npy-file.js';
import { honestMember, npyHeader, RawMember, rawNpz, zerosDeflateStream } from './raw-npz.js';
import { assertRefused } from './npz-refusal.js';

const GIB_1_5 = 1536; // MiB of zeros in the hostile streams

async function withFile(bytes: Buffer, fn: (path: string) => Promise<void>, name = 'h.npz'): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-sizes-'));
  try {
    const path = join(dir, name);
    await writeFile(path, bytes);
    await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A deflated member whose stream is `head` then 1.5 GiB of zeros, declaring `uncompressedSize`. */
function bombMember(head: Buffer, uncompressedSize: number): RawMember {
  const data = zerosDeflateStream(head, GIB_1_5);
  return { name: 'a.npy', method: 8, data, crc: 0, compressedSize: data.length, uncompressedSize };
}

test('the repeated-MiB construction is a valid deflate stream', () => {
  const head = npyHeader('<f4', [4]);
  assert.deepEqual(inflateRawSync(zerosDeflateStream(head, 2)), Buffer.concat([head, Buffer.alloc(2 << 20)]));
});

test('a header needing 1.5 GiB with a directory declaring 4 kB is refused before inflating or allocating', async () => {
  const head = npyHeader('<f4', [GIB_1_5 << 18]); // 1.5 GiB of float32
  const file = rawNpz([bombMember(head, head.length + 4000)]);
  assert.ok(file.length < 2e6);
  await withFile(file, (path) => assertRefused(path,
    /a\.npy: the \.npy header's shape \[402653184\] of float32 needs 1610612864 bytes but the zip directory declares 4128/));
});

test('a 1.5 GiB stream behind a header and directory declaring 4 kB stops inflating past the header\'s data', async () => {
  const head = npyHeader('<f4', [1000]);
  await withFile(rawNpz([bombMember(head, head.length + 4000)]), async (path) => {
    const err = await readNpz(path).then(() => undefined, (e: Error) => e);
    const m = /a\.npy: more data than the header's shape \[1000\] of float32 allows \(4000 bytes\): stopped at (\d+)/.exec(String(err));
    assert.ok(m, String(err));
    assert.ok(Number(m[1]) <= 4000 + (2 << 20), `inflated ${m[1]} bytes`);
  });
});

test('local and central headers that disagree on sizes are refused', async () => {
  const member = honestMember('a.npy', Buffer.concat([npyHeader('<f4', [3]), Buffer.alloc(12)]), 8);
  await withFile(rawNpz([{ ...member, localUncompressedSize: 1 << 30 }]), (path) => assertRefused(path,
    /a\.npy: the local header declares \d+ compressed \/ 1073741824 uncompressed bytes, the central directory \d+ \/ 140/));
});

test('a declared size beyond deflate\'s maximum ratio is refused before anything is inflated', async () => {
  const member = bombMember(npyHeader('<f4', [1000]), 0xfffffff0);
  await withFile(rawNpz([member]), (path) => assertRefused(path,
    /a\.npy: declares 4294967280 bytes inflated from \d+, more than deflate's maximum ratio of 1032:1/));
});

test('a stored member whose sizes differ, and a member running past the end of the file, are refused', async () => {
  const bytes = Buffer.concat([npyHeader('<f4', [3]), Buffer.alloc(12)]);
  const stored = honestMember('a.npy', bytes, 0);
  await withFile(rawNpz([{ ...stored, uncompressedSize: 1 << 20 }]), (path) => assertRefused(path,
    /a\.npy: a stored member declares 140 bytes in the file but 1048576 uncompressed/));
  await withFile(rawNpz([{ ...stored, compressedSize: 1 << 20, uncompressedSize: 1 << 20 }]), (path) => assertRefused(path,
    /a\.npy: truncated: \d+ of 1048576 compressed bytes present/));
});

test('a .npy header claiming more than 1 MiB of header is refused', async () => {
  const head = npyHeader('<f4', [3]);
  head[6] = 2; // version 2.0: a 32-bit header length
  const bytes = Buffer.concat([head.subarray(0, 8), Buffer.from([0, 0, 0, 0x40]), Buffer.alloc(64)]); // 1 GiB
  const member: RawMember = { name: 'a.npy', method: 0, data: bytes, crc: crc32(bytes) >>> 0, compressedSize: bytes.length, uncompressedSize: bytes.length };
  await withFile(rawNpz([member]), (path) => assertRefused(path, /a\.npy: the \.npy header claims 1073741836 bytes, more than the 1048576 accepted/));
});

test('a .npy file whose header claims more data than the file holds is refused before allocating', async () => {
  await withFile(Buffer.concat([npyHeader('<f8', [2 ** 40]), Buffer.alloc(8)]), (path) =>
    assert.rejects(readNpy(path), /h\.npy: truncated: the header's shape \[1099511627776\] of float64 needs 8796093022336 bytes, the file has 136/), 'h.npy');
});
