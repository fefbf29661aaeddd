// Shared assertion of the npz tests: a file both the full read and the header-only info refuse.
import assert from 'node:assert/strict';
import { NpzReader, readNpz } from '../src/npz/npz-reader.js';

/** Both readNpz and NpzReader.info('a') refuse the file at `path` with an error matching `pattern`. */
export async function assertRefused(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readNpz(path), pattern);
  const reader = await NpzReader.open(path);
  try {
    await assert.rejects(reader.info('a'), pattern);
  } finally {
    await reader.close();
  }
}
