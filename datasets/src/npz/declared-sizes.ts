// A member's declared sizes are checked before its data is inflated or memory allocated for it: the local and
// central headers agree, the data lies inside the file, the method can produce the declared size, and the .npy
// header (the first bytes inflated) needs exactly that size. Inflation then stops where the header's data ends.
import { NpyHeader, npyByteLength } from '../npy/npy-header.js';
import { LocalHeader, ZipEntry, ZipFormatError } from './zip-directory.js';

/** Deflate spends at least 2 bits on a 258-byte match, so it cannot expand data more than 1032 times. */
const MAX_DEFLATE_RATIO = 1032;
/** Room for the block headers and first literals of tiny streams. */
const DEFLATE_SLACK = 1024;

/** Checks the sizes the zip records declare for a member, before any of its data is read. */
export function checkDeclaredSizes(entry: ZipEntry, local: LocalHeader, fileSize: number, source: string): void {
  const { compressedSize, uncompressedSize } = entry;
  if (local.sizes && (local.sizes.compressedSize !== compressedSize || local.sizes.uncompressedSize !== uncompressedSize)) {
    throw new ZipFormatError(source, `the local header declares ${local.sizes.compressedSize} compressed / ` +
      `${local.sizes.uncompressedSize} uncompressed bytes, the central directory ${compressedSize} / ${uncompressedSize} (corrupt file)`);
  }
  const present = Math.max(0, fileSize - local.dataOffset);
  if (present < compressedSize) {
    throw new ZipFormatError(source, `truncated: ${present} of ${compressedSize} compressed bytes present`);
  }
  if (entry.method === 0 && compressedSize !== uncompressedSize) {
    throw new ZipFormatError(source, `a stored member declares ${compressedSize} bytes in the file but ${uncompressedSize} ` +
      'uncompressed (corrupt file)');
  }
  if (entry.method === 8 && uncompressedSize > compressedSize * MAX_DEFLATE_RATIO + DEFLATE_SLACK) {
    throw new ZipFormatError(source, `declares ${uncompressedSize} bytes inflated from ${compressedSize}, more than deflate's ` +
      `maximum ratio of ${MAX_DEFLATE_RATIO}:1 allows (corrupt or hostile file)`);
  }
}

/** Checks that the member's declared uncompressed size is exactly what its .npy header needs. */
export function checkHeaderAgainstDeclared(entry: ZipEntry, header: NpyHeader, source: string): void {
  const needed = npyByteLength(header);
  if (needed !== entry.uncompressedSize) {
    throw new ZipFormatError(source, `the .npy header's shape [${header.shape.join(', ')}] of ${header.dtype} needs ${needed} ` +
      `bytes but the zip directory declares ${entry.uncompressedSize} (corrupt or hostile file)`);
  }
}
