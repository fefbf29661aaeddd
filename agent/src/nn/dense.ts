// Dense layer y = x·W + b with a hand-written gradient. On the wasm backend every matrix product of the backward
// pass is a plain matMul(a, b) on explicitly transposed operands: wasm runs transposed products (what tfjs's
// default matMul gradient uses) 10-20x slower than plain ones, and an explicit transpose costs far less. The
// cpu, tensorflow and blas backends (the last: wasm with OpenBLAS products) handle transposed products natively,
// so there the transpose flags are used.
import * as tf from '@tensorflow/tfjs-core';
import './core-gradients.js';
import { sumRows } from './column-sum.js';
import { blasKernelsActive } from '../backend/blas-backend.js';

export type BackwardStyle = 'explicit-transpose' | 'transpose-flags';
let styleOverride: BackwardStyle | undefined;

/** Forces a backward style (tests, benchmarks); undefined restores the per-backend choice. */
export function setDenseBackwardStyle(style: BackwardStyle | undefined): void {
  styleOverride = style;
}

export function denseBackwardStyle(): BackwardStyle {
  return styleOverride ?? (tf.getBackend() === 'wasm' && !blasKernelsActive() ? 'explicit-transpose' : 'transpose-flags');
}

/** dy·Wᵀ */
function timesTransposed(dy: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return denseBackwardStyle() === 'explicit-transpose' ? tf.matMul(dy, tf.transpose(w)) : tf.matMul(dy, w, false, true);
}

/** xᵀ·dy */
function transposedTimes(x: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  return denseBackwardStyle() === 'explicit-transpose' ? tf.matMul(tf.transpose(x), dy) : tf.matMul(x, dy, true, false);
}

function forward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
}

const denseWithWeightGrads = tf.customGrad((x, w, b, saveArg) => {
  const save = saveArg as tf.GradSaveFunc;
  const xs = x as tf.Tensor2D;
  const ws = w as tf.Tensor2D;
  save([xs, ws]);
  return {
    value: forward(xs, ws, b as tf.Tensor1D),
    gradFunc: (dy, saved) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      const dx = timesTransposed(dy2, sw);
      const dw = transposedTimes(sx, dy2);
      const db = sumRows(dy2);
      return [dx, dw, db];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** Gradient only to the input: used when differentiating a network with respect to its input. */
function denseInputGradOnly(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((xIn) => {
    return {
      value: forward(xIn as tf.Tensor2D, w, b),
      gradFunc: (dy) => timesTransposed(dy as tf.Tensor2D, w),
    };
  }) as (x: tf.Tensor2D) => tf.Tensor2D;
  return f(x);
}

/** Gradients only to W and b: x is data (its gradient, a product nothing would read, is never computed). */
function denseWeightGradsOnly(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((wIn, bIn, saveArg) => {
    // Saved (not just captured): tensors made before the gradient pass are freed by then unless saved.
    (saveArg as tf.GradSaveFunc)([x]);
    return {
      value: forward(x, wIn as tf.Tensor2D, bIn as tf.Tensor1D),
      gradFunc: (dy, saved) => [transposedTimes(saved[0] as tf.Tensor2D, dy as tf.Tensor2D), sumRows(dy as tf.Tensor2D)],
    };
  }) as (w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
  return f(w, b);
}

export interface DenseOptions {
  /** false: gradients flow to x only (W and b are treated as constants). Default true. */
  weightGrads?: boolean;
  /**
   * false: no gradient to x (data, e.g. a network's input when training its weights). Default true. Applies to
   * a network's first layer only: deeper layers' inputs depend on the weights below them.
   */
  inputGrad?: boolean;
}

export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, options: DenseOptions = {}): tf.Tensor2D {
  if (options.weightGrads === false) return denseInputGradOnly(x, w, b);
  return options.inputGrad === false ? denseWeightGradsOnly(x, w, b) : denseWithWeightGrads(x, w, b);
}

/** The same layer with tfjs's default (transposed-matMul) gradient, kept as the benchmark baseline. */
export function denseAutodiff(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, w), b);
}
