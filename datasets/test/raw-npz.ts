// Builds .npz (zip) bytes member by member with whatever sizes the directory should declare, for tests of files
// that our writer would never produce: lying sizes, huge deflate streams, headers numpy writes but we refuse.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** The member's bytes as stored in the file (already deflated when method is 8). */
  data: Buffer;
  crc: number;
  /** Sizes the central directory declares. */
  compressedSize: number;
  uncompressedSize: number;
  /** Uncompressed size the local header declares (default: the central one). */
  localUncompressedSize?: number;
}

/** A stored or deflated member holding `bytes` with honest sizes. */
export function honestMember(name: string, bytes: Buffer, method: 0 | 8): RawMember {
  const data = method === 8 ? deflateRawSync(bytes) : bytes;
  return { name, method, data, crc: crc32(bytes) >>> 0, compressedSize: data.length, uncompressedSize: bytes.length };
}

/**
 * A valid raw deflate stream of `head` followed by `zeroMiB` MiB of zeros, built from one deflated MiB repeated:
 * each piece ends with a full flush (byte-aligned, no back-references across it), so copies can be concatenated.
 */
export function zerosDeflateStream(head: Buffer, zeroMiB: number): Buffer {
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const first = deflateRawSync(head, flush);
  const mib = deflateRawSync(Buffer.alloc(1 << 20), flush);
  const last = deflateRawSync(Buffer.alloc(0)); // an empty final block
  return Buffer.concat([first, ...new Array<Buffer>(zeroMiB).fill(mib), last]);
}

export function rawNpz(members: RawMember[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.method, 8);
    local.writeUInt32LE(m.crc, 14);
    local.writeUInt32LE(m.compressedSize, 18);
    local.writeUInt32LE(m.localUncompressedSize ?? m.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(m.method, 10);
    entry.writeUInt32LE(m.crc, 16);
    entry.writeUInt32LE(m.compressedSize, 20);
    entry.writeUInt32LE(m.uncompressedSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, m.data);
    central.push(entry, name);
    offset += 30 + name.length + m.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A version 1.0 .npy header with a raw descr, Fortran flag and shape, padded to 64 bytes like numpy's. */
export function npyHeader(descr: string, shape: number[], fortranOrder = false): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const out = Buffer.alloc(total, 0x20);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out.writeUInt16LE(total - 10, 8);
  out.write(dict, 10, 'latin1');
  out[total - 1] = 0x0a;
  return out;
}
