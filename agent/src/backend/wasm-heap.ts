// How native kernels reach tfjs's wasm backend: every tensor lives in one WebAssembly.Memory, so a kernel passes
// that memory's ArrayBuffer and its operands' float offsets to the native addon, which works in place.
import type * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs's wasm backend the native kernels use. */
export interface WasmBackendView {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  incRef(dataId: object): void;
}

/** The kernel's backend, its heap (read after any makeOutput: allocating may grow and replace it) and offsets. */
export function wasmHeap(backend: unknown): { backend: WasmBackendView; heap: () => ArrayBuffer; at: (t: tf.TensorInfo) => number } {
  const view = backend as WasmBackendView;
  return { backend: view, heap: () => view.wasm.HEAPU8.buffer as ArrayBuffer, at: (t) => view.dataIdMap.get(t.dataId).memoryOffset / 4 };
}
