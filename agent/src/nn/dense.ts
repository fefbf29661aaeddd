// Dense layer y = x·W + b with a hand-written gradient. On the wasm backend every matrix product of the backward
// pass is a plain matMul(a, b) on explicitly transposed operands: wasm runs transposed products (what tfjs's
// default matMul gradient uses) 10-20x slower than plain ones, and an explicit transpose costs far less. The
// cpu and tensorflow backends handle transposed products natively, so there the transpose flags are used.
import * as tf from '@tensorflow/tfjs-core';
import './core-gradients.js';
import { sumRows } from './column-sum.js';

export type BackwardStyle = 'explicit-transpose' | 'transpose-flags';
let styleOverride: BackwardStyle | undefined;

/** Forces a backward style (tests, benchmarks); undefined restores the per-backend choice. */
export function setDenseBackwardStyle(style: BackwardStyle | undefined): void {
  styleOverride = style;
}

export function denseBackwardStyle(): BackwardStyle {
  return styleOverride ?? (tf.getBackend() === 'wasm' ? 'explicit-transpose' : 'transpose-flags');
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

export interface DenseOptions {
  /** false: gradients flow to x only (W and b are treated as constants). Default true. */
  weightGrads?: boolean;
}

export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, options: DenseOptions = {}): tf.Tensor2D {
  return options.weightGrads === false ? denseInputGradOnly(x, w, b) : denseWithWeightGrads(x, w, b);
}

/** The same layer with tfjs's default (transposed-matMul) gradient, kept as the benchmark baseline. */
export function denseAutodiff(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, w), b);
}
