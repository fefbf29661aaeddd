// Writes .npz archives that numpy reads: one `<name>.npy` member per array, stored or deflated,
// ZIP64 records where a size or offset needs them, written to a temp file and renamed into place.
import { FileHandle } from 'node:fs/promises';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { NdArray } from '../npy/ndarray.js';
import { encodeNpy } from '../npy/npy-file.js';
import { writeFileAtomic } from '../store/atomic-file.js';

export interface WriteNpzOptions {
  /** Deflate every member, like np.savez_compressed (default true). */
  compress?: boolean;
  /** zlib level 0..9 (default 6, zlib's and numpy's default). */
  level?: number;
  /** Write ZIP64 records even for small members (tests; numpy always does this for local headers). */
  forceZip64?: boolean;
}

const U32_MAX = 0xffffffff;
const SLICE = 4 << 20;
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, fixed so that equal data gives equal files
const DOS_TIME = 0;

interface WrittenMember {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  offset: number;
}

function localHeader(name: Buffer, method: number, zip64: boolean, m?: WrittenMember): Buffer {
  const extra = zip64 ? 20 : 0;
  const b = Buffer.alloc(30 + name.length + extra);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(zip64 ? 45 : 20, 4);
  b.writeUInt16LE(0, 6);
  b.writeUInt16LE(method, 8);
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  b.writeUInt32LE(m?.crc ?? 0, 14);
  b.writeUInt32LE(zip64 ? U32_MAX : m?.compressedSize ?? 0, 18);
  b.writeUInt32LE(zip64 ? U32_MAX : m?.uncompressedSize ?? 0, 22);
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(extra, 28);
  name.copy(b, 30);
  if (zip64) {
    const at = 30 + name.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(16, at + 2);
    b.writeBigUInt64LE(BigInt(m?.uncompressedSize ?? 0), at + 4);
    b.writeBigUInt64LE(BigInt(m?.compressedSize ?? 0), at + 12);
  }
  return b;
}

function centralEntry(m: WrittenMember, forceZip64: boolean): Buffer {
  const big = [m.uncompressedSize, m.compressedSize, m.offset].map((v) => forceZip64 || v >= U32_MAX);
  const extraFields = [m.uncompressedSize, m.compressedSize, m.offset].filter((_, i) => big[i]);
  const extra = extraFields.length ? 4 + 8 * extraFields.length : 0;
  const b = Buffer.alloc(46 + m.name.length + extra);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
  b.writeUInt16LE(extra ? 45 : 20, 6);
  b.writeUInt16LE(0, 8);
  b.writeUInt16LE(m.method, 10);
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(m.crc, 16);
  b.writeUInt32LE(big[1] ? U32_MAX : m.compressedSize, 20);
  b.writeUInt32LE(big[0] ? U32_MAX : m.uncompressedSize, 24);
  b.writeUInt16LE(m.name.length, 28);
  b.writeUInt16LE(extra, 30);
  b.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  b.writeUInt32LE(big[2] ? U32_MAX : m.offset, 42);
  m.name.copy(b, 46);
  if (extra) {
    const at = 46 + m.name.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(extra - 4, at + 2);
    extraFields.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), at + 4 + 8 * i));
  }
  return b;
}

function endRecords(members: WrittenMember[], dirOffset: number, dirSize: number, forceZip64: boolean): Buffer {
  const zip64 = forceZip64 || members.length >= 0xffff || dirOffset >= U32_MAX || dirSize >= U32_MAX;
  const parts: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE((3 << 8) | 45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(members.length), 24);
    rec.writeBigUInt64LE(BigInt(members.length), 32);
    rec.writeBigUInt64LE(BigInt(dirSize), 40);
    rec.writeBigUInt64LE(BigInt(dirOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(dirOffset + dirSize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(rec, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(zip64 ? 0xffff : members.length, 8);
  eocd.writeUInt16LE(zip64 ? 0xffff : members.length, 10);
  eocd.writeUInt32LE(zip64 ? U32_MAX : dirSize, 12);
  eocd.writeUInt32LE(zip64 ? U32_MAX : dirOffset, 16);
  parts.push(eocd);
  return Buffer.concat(parts);
}

function* slices(parts: Uint8Array[]): Generator<Buffer> {
  for (const part of parts) {
    for (let at = 0; at < part.byteLength; at += SLICE) {
      yield Buffer.from(part.buffer, part.byteOffset + at, Math.min(SLICE, part.byteLength - at));
    }
  }
}

/** Writes one member's data at `position`; returns its CRC and compressed size. */
async function writeMemberData(handle: FileHandle, parts: Uint8Array[], position: number, compress: boolean, level: number) {
  let crc = 0;
  let written = 0;
  if (!compress) {
    for (const slice of slices(parts)) {
      crc = crc32(slice, crc);
      await handle.write(slice, 0, slice.length, position + written);
      written += slice.length;
    }
    return { crc: crc >>> 0, compressedSize: written };
  }
  const deflate = createDeflateRaw({ level, chunkSize: 1 << 20 });
  const feed = (async () => {
    for (const slice of slices(parts)) {
      crc = crc32(slice, crc);
      if (!deflate.write(slice)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
  })();
  for await (const chunk of deflate as AsyncIterable<Buffer>) {
    await handle.write(chunk, 0, chunk.length, position + written);
    written += chunk.length;
  }
  await feed;
  return { crc: crc >>> 0, compressedSize: written };
}

/** Writes `arrays` as an .npz file at `path` (atomically). */
export async function writeNpz(path: string, arrays: Record<string, NdArray>, options: WriteNpzOptions = {}): Promise<void> {
  const compress = options.compress ?? true;
  const level = options.level ?? 6;
  const forceZip64 = options.forceZip64 ?? false;
  await writeFileAtomic(path, async (handle) => {
    const members: WrittenMember[] = [];
    let position = 0;
    for (const [key, array] of Object.entries(arrays)) {
      const parts = encodeNpy(array);
      const uncompressedSize = parts.reduce((n, p) => n + p.byteLength, 0);
      // Deflate can expand incompressible data slightly; leave room before deciding on 32-bit fields.
      const zip64 = forceZip64 || uncompressedSize * 1.01 + 65536 >= U32_MAX;
      const name = Buffer.from(`${key}.npy`, 'utf8');
      const method = compress ? 8 : 0;
      const headerSize = localHeader(name, method, zip64).length;
      const { crc, compressedSize } = await writeMemberData(handle, parts, position + headerSize, compress, level);
      const member: WrittenMember = { name, method, crc, compressedSize, uncompressedSize, offset: position };
      await handle.write(localHeader(name, method, zip64, member), 0, headerSize, position);
      members.push(member);
      position += headerSize + compressedSize;
    }
    const directory = Buffer.concat(members.map((m) => centralEntry(m, forceZip64)));
    await handle.write(directory, 0, directory.length, position);
    const tail = endRecords(members, position, directory.length, forceZip64);
    await handle.write(tail, 0, tail.length, position + directory.length);
  });
}
