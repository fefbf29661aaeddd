// Reading and writing single .npy files.
import { createReadStream } from 'node:fs';
import { byteViews, NdArray } from './ndarray.js';
import { NpyDecoder } from './npy-decoder.js';
import { encodeNpyHeader } from './npy-header.js';
import { writeFileAtomic } from '../store/atomic-file.js';

export async function readNpy(path: string): Promise<NdArray> {
  const decoder = new NpyDecoder(path);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.push(chunk as Buffer);
  return decoder.finish();
}

/** The complete .npy encoding of an array (header + data) as a list of buffers (the data is not copied). */
export function encodeNpy(array: NdArray): Uint8Array[] {
  return [encodeNpyHeader(array.dtype, array.shape), ...byteViews(array)];
}

export async function writeNpy(path: string, array: NdArray): Promise<void> {
  await writeFileAtomic(path, async (handle) => {
    for (const part of encodeNpy(array)) await handle.write(part);
  });
}
