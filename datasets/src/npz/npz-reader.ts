// Reads .npz archives member by member: each member is streamed from the file (inflated if deflated)
// straight into the typed array of its decoded array, so peak memory stays near the decoded arrays.
import { open, FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NdArray, DType } from '../npy/ndarray.js';
import { NpyDecoder } from '../npy/npy-decoder.js';
import { headerLength, NpyHeader, parseNpyHeader } from '../npy/npy-header.js';
import { checkDeclaredSizes, checkHeaderAgainstDeclared } from './declared-sizes.js';
import { readLocalHeader, readZipDirectory, ZipEntry, ZipFormatError } from './zip-directory.js';

const READ_CHUNK = 1 << 20;
const INFLATE_CHUNK = 1 << 20;

export interface MemberInfo {
  name: string;
  dtype: DType;
  shape: number[];
  compressedSize: number;
  uncompressedSize: number;
  method: 'stored' | 'deflated';
}

export class NpzReader {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly fileSize: number,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(path: string): Promise<NpzReader> {
    const handle = await open(path, 'r');
    try {
      const entries = new Map<string, ZipEntry>();
      for (const entry of await readZipDirectory(handle, path)) {
        entries.set(entry.fileName.replace(/\.npy$/, ''), entry);
      }
      return new NpzReader(path, handle, (await handle.stat()).size, entries);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Array names (member file names without `.npy`), in archive order. */
  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private entry(name: string): ZipEntry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`${this.path}: no array '${name}' (present: ${this.names.join(', ') || 'none'})`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipFormatError(`${this.path}:${entry.fileName}`, `unsupported compression method ${entry.method} (valid: 0 stored, 8 deflated)`);
    }
    return entry;
  }

  /**
   * Streams a member's uncompressed bytes to `sink`, once its declared sizes passed their checks; stops early when
   * `sink` returns false or throws (the sink decodes the .npy header first and refuses what disagrees with it).
   */
  private async streamMember(entry: ZipEntry, sink: (chunk: Buffer) => boolean | void): Promise<void> {
    const source = this.source(entry);
    const local = await readLocalHeader(this.handle, entry, source);
    checkDeclaredSizes(entry, local, this.fileSize, source);
    const range = new FileRange(this.handle, local.dataOffset, entry.compressedSize);
    const stopped = entry.method === 8 ? await inflateInto(range, sink, source) : await copyInto(range, sink);
    if (!stopped && range.endedEarly) {
      throw new ZipFormatError(source, `truncated: ${range.bytesRead} of ${entry.compressedSize} compressed bytes present`);
    }
  }

  private source(entry: ZipEntry): string {
    return `${this.path}:${entry.fileName}`;
  }

  /** Decodes one array (converted to little-endian C order if numpy stored it otherwise). */
  async read(name: string): Promise<NdArray> {
    const entry = this.entry(name);
    const source = this.source(entry);
    const decoder = new NpyDecoder(source, (header) => checkHeaderAgainstDeclared(entry, header, source));
    let total = 0;
    await this.streamMember(entry, (chunk) => { total += chunk.length; decoder.push(chunk); });
    const array = decoder.finish();
    if (total !== entry.uncompressedSize) {
      throw new ZipFormatError(source, `size mismatch: ${total} bytes decoded, the directory records ${entry.uncompressedSize}`);
    }
    if (decoder.checksum !== entry.crc32) {
      throw new ZipFormatError(source, `CRC-32 mismatch (corrupt data): computed ${decoder.checksum.toString(16)}, recorded ${entry.crc32.toString(16)}`);
    }
    return array;
  }

  /** Dtype and shape of a member, decoding only its header. */
  async info(name: string): Promise<MemberInfo> {
    const entry = this.entry(name);
    const source = this.source(entry);
    let head = Buffer.alloc(0);
    let parsed: NpyHeader | undefined;
    await this.streamMember(entry, (chunk) => {
      head = Buffer.concat([head, chunk]);
      const length = headerLength(head, source);
      if (length === undefined || head.length < length) return true;
      parsed = parseNpyHeader(head.subarray(0, length), source);
      checkHeaderAgainstDeclared(entry, parsed, source);
      return false;
    });
    if (!parsed) throw new ZipFormatError(source, 'truncated: the member ended inside its .npy header');
    return {
      name, dtype: parsed.dtype, shape: parsed.shape, compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize, method: entry.method === 8 ? 'deflated' : 'stored',
    };
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * A byte range of the file, read chunk by chunk at explicit positions. The reader's one handle is shared by every
 * member, so nothing here may close it or hang listeners on it (a FileHandle stream does both).
 */
class FileRange {
  bytesRead = 0;
  /** The file ended before the range did. */
  endedEarly = false;

  constructor(private readonly handle: FileHandle, private readonly start: number, private readonly length: number) {}

  async *chunks(): AsyncGenerator<Buffer> {
    while (this.bytesRead < this.length) {
      const want = Math.min(READ_CHUNK, this.length - this.bytesRead);
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.handle.read(buffer, 0, want, this.start + this.bytesRead);
      if (bytesRead === 0) { this.endedEarly = true; return; }
      this.bytesRead += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }
}

type Sink = (chunk: Buffer) => boolean | void;

/** Copies a stored range into `sink`; true if `sink` stopped it early. */
async function copyInto(range: FileRange, sink: Sink): Promise<boolean> {
  for await (const chunk of range.chunks()) if (sink(chunk) === false) return true;
  return false;
}

/**
 * Inflates a deflated range into `sink`; true if `sink` stopped it early. An error thrown by `sink` (a bad header,
 * more data than the header allows) is reported as it is, not as the stream abort that follows it.
 */
async function inflateInto(range: FileRange, sink: Sink, source: string): Promise<boolean> {
  let stopped = false;
  let sinkError: unknown;
  const consume = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      try {
        if (sink(chunk) === false) { stopped = true; return; }
      } catch (err) {
        sinkError = err;
        return;
      }
    }
  };
  try {
    await pipeline(Readable.from(range.chunks()), createInflateRaw({ chunkSize: INFLATE_CHUNK }), consume);
  } catch (err) {
    if (sinkError === undefined && !stopped && !range.endedEarly) {
      throw new ZipFormatError(source, `corrupt member data (${(err as Error).message})`);
    }
  }
  if (sinkError !== undefined) throw sinkError;
  return stopped;
}

/** Reads the named arrays (default: all) of an .npz file, decoding members concurrently. */
export async function readNpz(path: string, names?: readonly string[]): Promise<Record<string, NdArray>> {
  const reader = await NpzReader.open(path);
  try {
    const wanted = names ?? reader.names;
    const arrays = await Promise.all(wanted.map((n) => reader.read(n)));
    return Object.fromEntries(wanted.map((n, i) => [n, arrays[i]!]));
  } finally {
    await reader.close();
  }
}

