// Public API of @qflow/datasets.
export * from './npy/ndarray.js';
export { NpyFormatError, encodeNpyHeader, parseNpyHeader } from './npy/npy-header.js';
export { readNpy, writeNpy, encodeNpy } from './npy/npy-file.js';
export { NpzReader, readNpz, type MemberInfo } from './npz/npz-reader.js';
export { writeNpz, type WriteNpzOptions } from './npz/npz-writer.js';
export { ZipFormatError } from './npz/zip-directory.js';
export { writeFileAtomic } from './store/atomic-file.js';
