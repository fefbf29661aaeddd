// Reads a zip file's central directory (with ZIP64 extensions) without reading the members.
import { FileHandle } from 'node:fs/promises';

export interface ZipEntry {
  fileName: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'ZipFormatError';
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
export const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

interface DirectoryLocation { count: number; size: number; offset: number }

async function locateDirectory(handle: FileHandle, fileSize: number, source: string): Promise<DirectoryLocation> {
  const tailLength = Math.min(fileSize, 22 + 65535);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) { at = i; break; }
  }
  if (at < 0) throw new ZipFormatError(source, 'not a zip/npz file or truncated (no end-of-central-directory record)');
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  const locatorAt = at - 20;
  if (locatorAt >= 0 && tail.readUInt32LE(locatorAt) === ZIP64_LOCATOR) {
    const recordOffset = u64(tail, locatorAt + 8);
    const record = await readAt(handle, recordOffset, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) {
      throw new ZipFormatError(source, 'corrupt ZIP64 end-of-central-directory record');
    }
    count = u64(record, 32);
    size = u64(record, 40);
    offset = u64(record, 48);
  }
  if (offset + size > fileSize) throw new ZipFormatError(source, 'truncated: the central directory lies beyond the end of the file');
  return { count, size, offset };
}

type Sizes = { uncompressedSize: number; compressedSize: number; localHeaderOffset?: number };

/** Replaces the 32-bit fields that say 0xffffffff by their 64-bit values from the ZIP64 extra field. */
function applyZip64Extra(sizes: Sizes, extra: Buffer, fileName: string, source: string): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const take = (): number => {
        if (field + 8 > at + 4 + length || field + 8 > extra.length) {
          throw new ZipFormatError(source, `bad ZIP64 extra field for ${fileName}`);
        }
        const v = u64(extra, field);
        field += 8;
        return v;
      };
      if (sizes.uncompressedSize === U32_MAX) sizes.uncompressedSize = take();
      if (sizes.compressedSize === U32_MAX) sizes.compressedSize = take();
      if (sizes.localHeaderOffset === U32_MAX) sizes.localHeaderOffset = take();
    }
    at += 4 + length;
  }
}

export async function readZipDirectory(handle: FileHandle, source: string): Promise<ZipEntry[]> {
  const { size: fileSize } = await handle.stat();
  const where = await locateDirectory(handle, fileSize, source);
  const dir = await readAt(handle, where.offset, where.size);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < where.count; i++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError(source, 'corrupt central directory');
    const flags = dir.readUInt16LE(at + 8);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      fileName: dir.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength),
      method: dir.readUInt16LE(at + 10),
      crc32: dir.readUInt32LE(at + 16),
      compressedSize: dir.readUInt32LE(at + 20),
      uncompressedSize: dir.readUInt32LE(at + 24),
      localHeaderOffset: dir.readUInt32LE(at + 42),
    };
    if (flags & 0x1) throw new ZipFormatError(source, `member ${entry.fileName} is encrypted`);
    applyZip64Extra(entry, dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry.fileName, source);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export interface LocalHeader {
  /** Where the member's data starts: after the local header, whose extra field may differ from the central one. */
  dataOffset: number;
  /** Sizes the local header declares; undefined when they follow the data (a data descriptor, flag bit 3). */
  sizes?: { compressedSize: number; uncompressedSize: number };
}

export async function readLocalHeader(handle: FileHandle, entry: ZipEntry, source: string): Promise<LocalHeader> {
  const fixed = await readAt(handle, entry.localHeaderOffset, 30);
  if (fixed.length < 30 || fixed.readUInt32LE(0) !== LOCAL) {
    throw new ZipFormatError(source, `corrupt local header for member ${entry.fileName}`);
  }
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const dataOffset = entry.localHeaderOffset + 30 + nameLength + extraLength;
  if (fixed.readUInt16LE(6) & 0x8) return { dataOffset };
  const sizes = { compressedSize: fixed.readUInt32LE(18), uncompressedSize: fixed.readUInt32LE(22) };
  if (sizes.compressedSize === U32_MAX || sizes.uncompressedSize === U32_MAX) {
    const extra = await readAt(handle, entry.localHeaderOffset + 30 + nameLength, extraLength);
    applyZip64Extra(sizes, extra, entry.fileName, source);
  }
  return { dataOffset, sizes };
}
