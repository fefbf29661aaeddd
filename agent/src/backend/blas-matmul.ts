// The `blas` backend: TensorFlow.js's wasm backend with its matrix products (BatchMatMul, and _FusedMatMul with a
// bias and no activation) computed by OpenBLAS through the native addon agent/native/qflow-native.c. A Q-Flow
// update is mostly matrix products, and OpenBLAS runs them 2-2.5x faster than wasm's XNNPACK on the same core
// (AVX2/FMA against 128-bit wasm SIMD). Everything else stays in wasm, on the same tensors in the same heap.
// OpenBLAS runs on one thread (native-addon.ts; data-parallel --threads share the cores), so results repeat bit
// for bit on a given machine; they differ from wasm's in the last bits, and OpenBLAS picks its kernels per CPU.
import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon, type NativeAddon } from '../native/native-addon.js';

/** The parts of tfjs's wasm backend the kernels use (its tensors live in one wasm heap). */
interface WasmBackendView {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

const REPLACED = ['BatchMatMul', '_FusedMatMul'] as const;

let addon: NativeAddon | undefined;
let wasmKernels: Map<string, tf.KernelConfig> | undefined;

/** Loads the native addon, or says why the blas backend is not available. */
export function loadBlasAddon(): { ok: true; description: string } | { ok: false; reason: string } {
  const native = nativeAddon();
  if (!native.ok) return { ok: false, reason: `blas: ${native.reason}` };
  addon = native.addon;
  return { ok: true, description: addon.describe() };
}

/** Are the wasm backend's matrix products OpenBLAS's right now? */
export function blasMatmulActive(): boolean {
  return wasmKernels !== undefined;
}

/** Routes the wasm backend's matrix products to OpenBLAS (loadBlasAddon must have succeeded). */
export function useBlasMatmul(): void {
  if (!addon) throw new Error('useBlasMatmul: the blas addon is not loaded');
  if (wasmKernels) return;
  wasmKernels = new Map(REPLACED.map((name) => [name, tf.getKernel(name, 'wasm')!]));
  const batchMatMul = wasmKernels.get('BatchMatMul')!;
  const fusedMatMul = wasmKernels.get('_FusedMatMul')!;
  replaceKernel('BatchMatMul', (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    return product(args.backend as unknown as WasmBackendView, a, b, transposeA, transposeB) ?? batchMatMul.kernelFunc(args);
  });
  replaceKernel('_FusedMatMul', (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string };
    const plain = (activation ?? 'linear') === 'linear' && !preluActivationWeights;
    const out = plain ? product(args.backend as unknown as WasmBackendView, a!, b!, transposeA, transposeB, bias) : undefined;
    return out ?? fusedMatMul.kernelFunc(args);
  });
}

/** Puts wasm's own matrix products back. */
export function useWasmMatmul(): void {
  if (!wasmKernels) return;
  for (const [name, config] of wasmKernels) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  wasmKernels = undefined;
}

function replaceKernel(name: string, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
}

const size = (shape: number[]): number => shape.reduce((p, d) => p * d, 1);

function broadcastOuter(aOuter: number[], bOuter: number[]): number[] | undefined {
  try {
    return tf.broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter);
  } catch {
    return undefined;
  }
}

/**
 * op(a)·op(b) (+ bias) for float32 operands of rank >= 2 whose leading (batch) dimensions are equal or one of them
 * is 1 (broadcast); undefined for anything else, which the wasm kernel then handles.
 */
function product(backend: WasmBackendView, a: tf.TensorInfo, b: tf.TensorInfo, transA: boolean, transB: boolean, bias?: tf.TensorInfo): tf.TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || (bias && bias.dtype !== 'float32')) return undefined;
  const ar = a.shape.length;
  const br = b.shape.length;
  if (ar < 2 || br < 2) return undefined;
  const m = a.shape[transA ? ar - 1 : ar - 2]!;
  const k = a.shape[transA ? ar - 2 : ar - 1]!;
  const n = b.shape[transB ? br - 2 : br - 1]!;
  if (b.shape[transB ? br - 1 : br - 2] !== k || m * n * k === 0) return undefined;
  const outer = broadcastOuter(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const aBatch = size(a.shape.slice(0, -2));
  const bBatch = size(b.shape.slice(0, -2));
  if (!outer || ![1, size(outer)].includes(aBatch) || ![1, size(outer)].includes(bBatch)) return undefined;
  if (bias && (size(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n)) return undefined;
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const offset = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset / 4;
  addon!.sgemm(backend.wasm.HEAPU8.buffer as ArrayBuffer, transA ? 1 : 0, transB ? 1 : 0, m, n, k, offset(a), offset(b), offset(out),
    Math.max(aBatch, bBatch), aBatch === 1 ? 0 : m * k, bBatch === 1 ? 0 : k * n, bias ? offset(bias) : -1);
  return out;
}
