// Dense layer y = x·W + b with a hand-written gradient in which every matrix product is a plain
// matMul(a, b) on explicitly transposed operands. The wasm backend runs transposed products (what tfjs's
// default matMul gradient uses) 10-20x slower than plain ones; an explicit transpose costs far less.
import * as tf from '@tensorflow/tfjs-core';
import './core-gradients.js';
import { sumRows } from './column-sum.js';

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
      const dx = tf.matMul(dy2, tf.transpose(sw));
      const dw = tf.matMul(tf.transpose(sx), dy2);
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
      gradFunc: (dy) => tf.matMul(dy as tf.Tensor2D, tf.transpose(w)),
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
