// Reading and writing single .npy files.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { byteViews, NdArray } from './ndarray.js';
import { NpyDecoder } from './npy-decoder.js';
import { encodeNpyHeader, NpyFormatError, npyByteLength } from './npy-header.js';
import { writeFileAtomic } from '../store/atomic-file.js';

/** Reads a .npy file (converted to little-endian C order if numpy stored it otherwise). */
export async function readNpy(path: string): Promise<NdArray> {
  const { size } = await stat(path);
  const decoder = new NpyDecoder(path, (header) => {
    // Refuse a header that claims more data than the file holds before allocating memory for it.
    if (npyByteLength(header) > size) {
      throw new NpyFormatError(path, `truncated: the header's shape [${header.shape.join(', ')}] of ${header.dtype} needs ` +
        `${npyByteLength(header)} bytes, the file has ${size}`);
    }
  });
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
