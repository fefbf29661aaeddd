// The `blas` backend's (blas-backend.ts) fused hidden-layer kernels: GELU, and GELU followed by LayerNorm, forward and backward, one
// native kernel each (agent/native/qflow-native.c) instead of the ~6–9 wasm kernels per direction that composing
// them from tfjs ops takes. At the `cpu` preset a Q-Flow update is bound by per-kernel dispatch, so this removes
// most of its kernels. nn/gelu-layer-norm.ts defines the ops and uses these kernels wherever they are registered.
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native/native-addon.js';
import { wasmHeap } from './wasm-heap.js';

export const GELU = 'QflowGelu';
export const GELU_GRAD = 'QflowGeluGrad';
export const GELU_LAYER_NORM = 'QflowGeluLayerNorm';
export const GELU_LAYER_NORM_GRAD = 'QflowGeluLayerNormGrad';

function checkFloat(...tensors: tf.TensorInfo[]): void {
  for (const t of tensors) if (t.dtype !== 'float32') throw new Error(`fused GELU kernels take float32 tensors, got ${t.dtype}`);
}

/** The kernels, by name. */
export function geluKernels(addon: NativeAddon): Record<string, tf.KernelFunc> {
  return {
    [GELU]: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      checkFloat(x);
      const { backend, heap, at } = wasmHeap(args.backend);
      const y = backend.makeOutput(x.shape, 'float32');
      addon.gelu(heap(), tf.util.sizeFromShape(x.shape), at(x), at(y));
      return y;
    },
    [GELU_GRAD]: (args) => {
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      checkFloat(x, dy);
      const { backend, heap, at } = wasmHeap(args.backend);
      const dx = backend.makeOutput(x.shape, 'float32');
      addon.geluGrad(heap(), tf.util.sizeFromShape(x.shape), at(x), at(dy), at(dx));
      return dx;
    },
    [GELU_LAYER_NORM]: (args) => {
      const { x, scale, bias } = args.inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; bias: tf.TensorInfo };
      checkFloat(x, scale, bias);
      const { backend, heap, at } = wasmHeap(args.backend);
      const [rows, cols] = x.shape as [number, number];
      const y = backend.makeOutput(x.shape, 'float32');
      addon.geluLayerNorm(heap(), rows, cols, at(x), at(scale), at(bias), at(y), (args.attrs as { eps: number }).eps);
      return y;
    },
    [GELU_LAYER_NORM_GRAD]: (args) => {
      const { x, scale, dy } = args.inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; dy: tf.TensorInfo };
      checkFloat(x, scale, dy);
      const { backend, heap, at } = wasmHeap(args.backend);
      const [rows, cols] = x.shape as [number, number];
      const dx = backend.makeOutput(x.shape, 'float32');
      const dscale = backend.makeOutput([cols], 'float32');
      const dbias = backend.makeOutput([cols], 'float32');
      addon.geluLayerNormGrad(heap(), rows, cols, at(x), at(scale), at(dy), at(dx), at(dscale), at(dbias), (args.attrs as { eps: number }).eps);
      return [dx, dscale, dbias];
    },
  };
}
