// The .npy header: magic, version, and a Python dict literal giving descr, fortran_order and shape.
import { DType, DTYPES, ITEM_SIZE } from './ndarray.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64; // numpy pads the header so the data starts on a 64-byte boundary

const DESCR_OF: Record<DType, string> = { float32: '<f4', float64: '<f8', bool: '|b1', int64: '<i8', uint8: '|u1' };

export interface NpyHeader {
  dtype: DType;
  shape: number[];
  /** Bytes from the start of the .npy stream to the first data byte. */
  dataOffset: number;
}

export class NpyFormatError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'NpyFormatError';
  }
}

/** How many bytes the header occupies, from the first 10 (or 12) bytes; undefined if more are needed. */
export function headerLength(prefix: Uint8Array, source: string): number | undefined {
  if (prefix.length < 10) return undefined;
  for (let i = 0; i < MAGIC.length; i++) {
    if (prefix[i] !== MAGIC[i]) throw new NpyFormatError(source, 'not a .npy array (bad magic bytes)');
  }
  const major = prefix[6]!;
  if (major === 1) return 10 + (prefix[8]! | (prefix[9]! << 8));
  if (major === 2 || major === 3) {
    if (prefix.length < 12) return undefined;
    const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
    return 12 + view.getUint32(8, true);
  }
  throw new NpyFormatError(source, `unsupported .npy format version ${major}.${prefix[7]} (valid: 1.0, 2.0, 3.0)`);
}

function parseDescr(text: string, source: string): DType {
  const m = /'descr'\s*:\s*(['"])(.*?)\1/.exec(text);
  if (!m) {
    if (/'descr'\s*:\s*\[/.test(text)) throw new NpyFormatError(source, 'structured (record) dtypes are not supported');
    throw new NpyFormatError(source, `header has no 'descr': ${text.trim()}`);
  }
  const descr = m[2]!;
  if (descr.endsWith('O')) {
    throw new NpyFormatError(source, 'object arrays (pickled Python objects) are not supported; save plain numeric arrays');
  }
  if (descr.startsWith('>') && descr !== '>u1' && descr !== '>b1') {
    throw new NpyFormatError(source, `big-endian dtype '${descr}' is not supported; save with little-endian byte order`);
  }
  const normalised = descr.replace(/^[=<>]/, (c) => (descr.endsWith('1') ? '|' : c === '=' ? '<' : c));
  const dtype = DTYPES.find((d) => DESCR_OF[d] === normalised);
  if (!dtype) {
    const valid = DTYPES.map((d) => `${d} (${DESCR_OF[d]})`).join(', ');
    throw new NpyFormatError(source, `unsupported dtype '${descr}'; valid: ${valid}`);
  }
  return dtype;
}

/** Parses a complete header (the first headerLength() bytes). */
export function parseNpyHeader(bytes: Uint8Array, source: string): NpyHeader {
  const dataOffset = headerLength(bytes, source);
  if (dataOffset === undefined || bytes.length < dataOffset) throw new NpyFormatError(source, 'truncated .npy header');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + (bytes[6] === 1 ? 10 : 12), dataOffset - (bytes[6] === 1 ? 10 : 12)).toString('latin1');
  const dtype = parseDescr(text, source);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  if (!fortran) throw new NpyFormatError(source, `header has no 'fortran_order': ${text.trim()}`);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shapeMatch) throw new NpyFormatError(source, `header has no 'shape': ${text.trim()}`);
  const shape = shapeMatch[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const n = Number(s.replace(/L$/, ''));
    if (!Number.isSafeInteger(n) || n < 0) throw new NpyFormatError(source, `bad shape entry '${s}'`);
    return n;
  });
  if (fortran[1] === 'True' && shape.filter((d) => d > 1).length > 1) {
    throw new NpyFormatError(source, 'Fortran-order (column-major) arrays are not supported; save with C order (np.ascontiguousarray)');
  }
  return { dtype, shape, dataOffset };
}

/** Encodes a version 1.0 header (2.0 if the dict is too long), padded so the data is 64-byte aligned. */
export function encodeNpyHeader(dtype: DType, shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${DESCR_OF[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const v1 = dict.length + 11 < 65536;
  const prefix = v1 ? 10 : 12;
  const total = Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN;
  const out = Buffer.alloc(total, 0x20);
  out.set(MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  if (v1) out.writeUInt16LE(total - prefix, 8);
  else out.writeUInt32LE(total - prefix, 8);
  out.write(dict, prefix, 'latin1');
  out[total - 1] = 0x0a;
  return out;
}

export function dataByteLength(dtype: DType, shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, ITEM_SIZE[dtype]);
}
