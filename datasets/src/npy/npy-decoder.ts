// Decodes a .npy byte stream pushed in chunks straight into one preallocated typed array.
import { crc32 } from 'node:zlib';
import { allocateData, NdArray } from './ndarray.js';
import { dataByteLength, headerLength, NpyFormatError, NpyHeader, parseNpyHeader } from './npy-header.js';
import { fortranToC, swapByteOrder } from './npy-layout.js';

export class NpyDecoder {
  private head: Buffer[] = [];
  private header: NpyHeader | undefined;
  private array: NdArray | undefined;
  /** Where the data bytes go (kept as buffer + range: one Uint8Array cannot span more than 4 GiB). */
  private target: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number } | undefined;
  private filled = 0;
  private crc = 0;

  /**
   * `source` names the file (and member) in every error. `onHeader` sees the header as soon as it is decoded, before
   * any memory is allocated for the data, and may throw to refuse it (e.g. when it disagrees with declared sizes).
   */
  constructor(private readonly source: string, private readonly onHeader?: (header: NpyHeader) => void) {}

  push(chunk: Uint8Array): void {
    this.crc = crc32(chunk, this.crc);
    if (this.target) {
      this.copy(chunk);
      return;
    }
    this.head.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const prefix = this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head);
    this.head = [prefix];
    const length = headerLength(prefix, this.source);
    if (length === undefined || prefix.length < length) return;
    const header = parseNpyHeader(prefix.subarray(0, length), this.source);
    this.onHeader?.(header);
    this.header = header;
    const byteLength = dataByteLength(header.dtype, header.shape);
    const data = this.allocate(header, byteLength);
    this.array = { dtype: header.dtype, shape: header.shape, data };
    this.target = { buffer: data.buffer, byteOffset: data.byteOffset, byteLength };
    this.head = [];
    this.copy(prefix.subarray(length));
  }

  private allocate(header: NpyHeader, byteLength: number): NdArray['data'] {
    try {
      return allocateData(header.dtype, header.shape.reduce((n, d) => n * d, 1));
    } catch (err) {
      throw new NpyFormatError(this.source, `cannot allocate ${byteLength} bytes for shape [${header.shape.join(', ')}] ` +
        `of ${header.dtype} (${(err as Error).message})`);
    }
  }

  private copy(chunk: Uint8Array): void {
    if (this.filled + chunk.byteLength > this.target!.byteLength) {
      throw new NpyFormatError(this.source, `more data than the header's shape [${this.array!.shape.join(', ')}] of ` +
        `${this.array!.dtype} allows (${this.target!.byteLength} bytes): stopped at ${this.filled + chunk.byteLength} (corrupt file)`);
    }
    new Uint8Array(this.target!.buffer, this.target!.byteOffset + this.filled, chunk.byteLength).set(chunk);
    this.filled += chunk.byteLength;
  }

  /** The CRC-32 of every byte pushed so far (header included), as a zip member records it. */
  get checksum(): number {
    return this.crc >>> 0;
  }

  /** The decoded array, converted to little-endian C order if it was stored otherwise. */
  finish(): NdArray {
    if (!this.array) throw new NpyFormatError(this.source, 'truncated: the stream ended inside the .npy header');
    if (this.filled !== this.target!.byteLength) {
      throw new NpyFormatError(this.source, `truncated: ${this.filled} of ${this.target!.byteLength} data bytes present`);
    }
    if (this.header!.bigEndian) swapByteOrder(this.array);
    return this.header!.fortranOrder ? fortranToC(this.array) : this.array;
  }
}
