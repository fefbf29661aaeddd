// Replacing a file so that a crash leaves the old content or the new, never part of one: the bytes go to a temp
// file next to the target (same directory, so the rename is atomic), are flushed, then renamed over it.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The temp path `path`'s new content is first written to. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}

/** Writes `data` to the temp path and flushes it; does not touch `path`. Returns the temp path. */
export function writeFlushedTemp(path: string, data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Replaces `path`'s content with `data` atomically. */
export function replaceFile(path: string, data: string | Uint8Array): void {
  const tmp = writeFlushedTemp(path, data);
  try {
    renameSync(tmp, path);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
}
