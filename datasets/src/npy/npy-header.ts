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
  /** The items are stored big-endian (e.g. '>f8'); readers swap them to little-endian. */
  bigEndian: boolean;
  /** The data is stored in Fortran (column-major) order; readers reorder it to C order. */
  fortranOrder: boolean;
}

export class NpyFormatError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'NpyFormatError';
  }
}

/** Longest header accepted (numpy's own reader refuses headers over 10 000 bytes by default). */
export const MAX_HEADER_BYTES = 1 << 20;

/** How many bytes the header occupies, from the first 10 (or 12) bytes; undefined if more are needed. */
export function headerLength(prefix: Uint8Array, source: string): number | undefined {
  if (prefix.length < 10) return undefined;
  for (let i = 0; i < MAGIC.length; i++) {
    if (prefix[i] !== MAGIC[i]) throw new NpyFormatError(source, 'not a .npy array (bad magic bytes)');
  }
  const major = prefix[6]!;
  let length: number;
  if (major === 1) length = 10 + (prefix[8]! | (prefix[9]! << 8));
  else if (major === 2 || major === 3) {
    if (prefix.length < 12) return undefined;
    length = 12 + new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(8, true);
  } else {
    throw new NpyFormatError(source, `unsupported .npy format version ${major}.${prefix[7]} (valid: 1.0, 2.0, 3.0)`);
  }
  if (length > MAX_HEADER_BYTES) {
    throw new NpyFormatError(source, `the .npy header claims ${length} bytes, more than the ${MAX_HEADER_BYTES} accepted ` +
      '(corrupt file)');
  }
  return length;
}

/** numpy's name for a dtype descr such as '<i4' (int32) or '<U8' (unicode string), for error messages. */
function numpyTypeName(descr: string): string {
  const m = /^[<>=|]?([a-zA-Z])(\d*)/.exec(descr);
  if (!m) return 'unknown type';
  const bits = m[2] ? Number(m[2]) * 8 : undefined;
  const sized: Record<string, string> = { i: 'int', u: 'uint', f: 'float', c: 'complex' };
  const named: Record<string, string> = {
    b: 'bool', U: 'unicode string', S: 'byte string', a: 'byte string', M: 'datetime64', m: 'timedelta64', V: 'void',
  };
  if (sized[m[1]!] && bits) return `${sized[m[1]!]}${bits}`;
  return named[m[1]!] ?? 'unknown type';
}

function parseDescr(text: string, source: string): { dtype: DType; bigEndian: boolean } {
  const m = /'descr'\s*:\s*(['"])(.*?)\1/.exec(text);
  if (!m) {
    if (/'descr'\s*:\s*\[/.test(text)) throw new NpyFormatError(source, 'structured (record) dtypes are not supported');
    throw new NpyFormatError(source, `header has no 'descr': ${excerpt(text)}`);
  }
  const descr = m[2]!;
  if (descr.endsWith('O')) {
    throw new NpyFormatError(source, 'object arrays (pickled Python objects) are not supported; save plain numeric arrays');
  }
  const order = /^[<>=|]/.test(descr) ? descr[0]! : '';
  const code = descr.slice(order.length);
  const dtype = DTYPES.find((d) => DESCR_OF[d].slice(1) === code);
  const multiByte = dtype !== undefined && ITEM_SIZE[dtype] > 1;
  if (!dtype || (multiByte && !['<', '>', '='].includes(order))) {
    const valid = DTYPES.map((d) => `${d} (${DESCR_OF[d]})`).join(', ');
    throw new NpyFormatError(source, `unsupported dtype '${descr}' (${numpyTypeName(descr)}); valid: ${valid} ` +
      `(big-endian '>' forms are converted); arrays keep their stored dtype, so convert with astype() before saving`);
  }
  return { dtype, bigEndian: multiByte && order === '>' };
}

/** The start of a header's text, for error messages (a header may be up to MAX_HEADER_BYTES long). */
function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= 200 ? trimmed : `${trimmed.slice(0, 200)}…`;
}

/** Parses a complete header (the first headerLength() bytes). */
export function parseNpyHeader(bytes: Uint8Array, source: string): NpyHeader {
  const dataOffset = headerLength(bytes, source);
  if (dataOffset === undefined || bytes.length < dataOffset) throw new NpyFormatError(source, 'truncated .npy header');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + (bytes[6] === 1 ? 10 : 12), dataOffset - (bytes[6] === 1 ? 10 : 12)).toString('latin1');
  const { dtype, bigEndian } = parseDescr(text, source);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  if (!fortran) throw new NpyFormatError(source, `header has no 'fortran_order': ${excerpt(text)}`);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shapeMatch) throw new NpyFormatError(source, `header has no 'shape': ${excerpt(text)}`);
  const shape = shapeMatch[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const n = Number(s.replace(/L$/, ''));
    if (!Number.isSafeInteger(n) || n < 0) throw new NpyFormatError(source, `bad shape entry '${s}'`);
    return n;
  });
  if (!Number.isSafeInteger(dataByteLength(dtype, shape))) {
    throw new NpyFormatError(source, `shape [${shape.join(', ')}] is too large to address (corrupt file)`);
  }
  return { dtype, shape, dataOffset, bigEndian, fortranOrder: fortran[1] === 'True' };
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

/** Length of the whole .npy stream the header describes: header plus data. */
export function npyByteLength(header: NpyHeader): number {
  return header.dataOffset + dataByteLength(header.dtype, header.shape);
}
