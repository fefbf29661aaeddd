// Matrix products for the `blas` backend (blas-backend.ts): BatchMatMul, and _FusedMatMul with a bias and no
// activation, computed by OpenBLAS through the native addon (agent/native/qflow-native.c) in place in the wasm
// heap. A Q-Flow update is mostly matrix products, and OpenBLAS runs them 2-2.5x faster than wasm's XNNPACK on the
// same core (AVX2/FMA against 128-bit wasm SIMD). Operands these kernels do not handle go to wasm's own kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native/native-addon.js';
import { wasmHeap } from './wasm-heap.js';

/** The replacement kernels; `wasm` gives wasm's own kernel of a name (for what OpenBLAS does not handle). */
export function blasMatmulKernels(addon: NativeAddon, wasm: (name: string) => tf.KernelConfig): Record<string, tf.KernelFunc> {
  const batchMatMul = wasm('BatchMatMul');
  const fusedMatMul = wasm('_FusedMatMul');
  return {
    BatchMatMul: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      return product(addon, args.backend, a, b, transposeA, transposeB) ?? batchMatMul.kernelFunc(args);
    },
    _FusedMatMul: (args) => {
      const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
      const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string };
      const plain = (activation ?? 'linear') === 'linear' && !preluActivationWeights;
      const out = plain ? product(addon, args.backend, a!, b!, transposeA, transposeB, bias) : undefined;
      return out ?? fusedMatMul.kernelFunc(args);
    },
  };
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
function product(addon: NativeAddon, kernelBackend: unknown, a: tf.TensorInfo, b: tf.TensorInfo, transA: boolean, transB: boolean, bias?: tf.TensorInfo): tf.TensorInfo | undefined {
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
  const { backend, heap, at } = wasmHeap(kernelBackend);
  const out = backend.makeOutput([...outer, m, n], 'float32');
  addon.sgemm(heap(), transA ? 1 : 0, transB ? 1 : 0, m, n, k, at(a), at(b), at(out),
    Math.max(aBatch, bBatch), aBatch === 1 ? 0 : m * k, bBatch === 1 ? 0 : k * n, bias ? at(bias) : -1);
  return out;
}
