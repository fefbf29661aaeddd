// The `blas` backend: TensorFlow.js's wasm backend with native kernels (agent/native/qflow-native.c) swapped in:
// - matrix products by OpenBLAS (blas-matmul.ts);
// - GELU and GELU→LayerNorm as one kernel each way (gelu-kernels.ts; nn/gelu-layer-norm.ts uses them);
// - Identity sharing its input's data instead of copying it (what tfjs's cpu backend does): tfjs clones every
//   tensor a custom gradient saves, and on wasm each clone was a full copy.
// Everything else stays wasm's, on the same tensors in the same heap. OpenBLAS runs on one thread
// (native-addon.ts; data-parallel --threads share the cores), so results repeat bit for bit on a given machine;
// they differ from wasm's in the last bits, and OpenBLAS picks its kernels per CPU type.
import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon, type NativeAddon } from '../native/native-addon.js';
import { blasMatmulKernels } from './blas-matmul.js';
import { geluKernels } from './gelu-kernels.js';
import { wasmHeap } from './wasm-heap.js';

/** Each kernel the blas backend registered on 'wasm', and wasm's own config it replaced (undefined: added). */
let swapped: Map<string, tf.KernelConfig | undefined> | undefined;

/** The native addon's description, or why the blas backend is not available. */
export function blasAvailability(): { ok: true; description: string } | { ok: false; reason: string } {
  const native = nativeAddon();
  return native.ok ? { ok: true, description: native.addon.describe() } : { ok: false, reason: `blas: ${native.reason}` };
}

/** Are the blas backend's kernels registered on wasm right now? */
export function blasKernelsActive(): boolean {
  return swapped !== undefined;
}

const sharedIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  wasmHeap(backend).backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

function kernels(addon: NativeAddon): Record<string, tf.KernelFunc> {
  const wasm = (name: string) => tf.getKernel(name, 'wasm')!;
  return { ...blasMatmulKernels(addon, wasm), ...geluKernels(addon), Identity: sharedIdentity };
}

/** Registers the blas kernels on the wasm backend (idempotent; blasAvailability must have succeeded). */
export function useBlasKernels(): void {
  const native = nativeAddon();
  if (!native.ok) throw new Error(`useBlasKernels: ${native.reason}`);
  if (swapped) return;
  const table = kernels(native.addon);
  swapped = new Map(Object.keys(table).map((name) => [name, tf.getKernel(name, 'wasm')]));
  for (const [kernelName, kernelFunc] of Object.entries(table)) {
    if (swapped.get(kernelName)) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}

/** Puts wasm's own kernels back (idempotent). */
export function useWasmKernels(): void {
  if (!swapped) return;
  for (const [name, original] of swapped) {
    tf.unregisterKernel(name, 'wasm');
    if (original) tf.registerKernel(original);
  }
  swapped = undefined;
}
