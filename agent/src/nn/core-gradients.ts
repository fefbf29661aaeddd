// Gradient functions for the tfjs kernels our networks and losses differentiate through.
// The Node bundle of @tensorflow/tfjs-core registers no gradients (the union package @tensorflow/tfjs does,
// along with layers, converter and webgl); this module registers ours for each kernel that has none yet,
// so installing tfjs-node (which brings the official ones) changes nothing. Importing it is enough.
import * as tf from '@tensorflow/tfjs-core';
import { sumRows } from './column-sum.js';

type Grads = Record<string, () => tf.Tensor> | (() => tf.Tensor)[];
type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[], attrs: Record<string, unknown>) => Grads;

interface Spec {
  inputsToSave?: string[];
  outputsToSave?: boolean[];
  saveAllInputs?: boolean;
  gradFunc: GradFunc;
}

/** Sums `dy` over the axes that broadcasting added or stretched, back to `shape`. */
function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  if (dy.rank === 2 && axes.length === 1 && axes[0] === 0) return tf.reshape(sumRows(dy as tf.Tensor2D), shape);
  const reduced = axes.length ? tf.sum(dy, axes) : dy;
  return tf.reshape(reduced, shape);
}

/** `dy` of a reduction over `axis` reshaped so it broadcasts back over `x`'s shape. */
function expandReduced(t: tf.Tensor, xShape: number[], axis: unknown): tf.Tensor {
  const axes = tf.util.parseAxisParam(axis as number | number[], xShape);
  const shape = xShape.map((d, i) => (axes.includes(i) ? 1 : d));
  return tf.reshape(t, shape);
}

function reducedSize(xShape: number[], axis: unknown): number {
  return tf.util.parseAxisParam(axis as number | number[], xShape).reduce((n, a) => n * xShape[a]!, 1);
}

const mask = (cond: tf.Tensor) => tf.cast(cond, 'float32');

const SPECS: Record<string, Spec> = {
  Add: { inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(dy, a!.shape), b: () => unbroadcast(dy, b!.shape) }) },
  AddN: { saveAllInputs: true, gradFunc: (dy, saved) => saved.map(() => () => tf.clone(dy)) },
  Sub: { inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(dy, a!.shape), b: () => unbroadcast(tf.neg(dy), b!.shape) }) },
  Multiply: {
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(tf.mul(dy, tf.cast(b!, 'float32')), a!.shape), b: () => unbroadcast(tf.mul(dy, tf.cast(a!, 'float32')), b!.shape) }),
  },
  RealDiv: {
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => unbroadcast(tf.div(dy, b!), a!.shape),
      b: () => unbroadcast(tf.neg(tf.div(tf.mul(dy, a!), tf.square(b!))), b!.shape),
    }),
  },
  Neg: { gradFunc: (dy) => ({ x: () => tf.neg(dy) }) },
  Identity: { gradFunc: (dy) => ({ x: () => tf.clone(dy) }) },
  Cast: { gradFunc: (dy) => ({ x: () => tf.clone(dy) }) },
  Square: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(x!, 2)) }) },
  Sqrt: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.div(dy, tf.mul(tf.sqrt(x!), 2)) }) },
  Rsqrt: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(tf.div(tf.rsqrt(x!), x!), -0.5)) }) },
  Exp: { outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy, y!) }) },
  Log: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.div(dy, x!) }) },
  Abs: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.sign(x!)) }) },
  Sigmoid: { outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy, tf.mul(y!, tf.sub(1, y!))) }) },
  Tanh: { outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.square(y!))) }) },
  Softplus: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.sigmoid(x!)) }) },
  Relu: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, mask(tf.greater(x!, 0))) }) },
  Sin: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.cos(x!)) }) },
  Cos: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.neg(tf.mul(dy, tf.sin(x!))) }) },
  ClipByValue: {
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => tf.mul(dy, mask(tf.logicalAnd(tf.greaterEqual(x!, attrs.clipValueMin as number), tf.lessEqual(x!, attrs.clipValueMax as number)))),
    }),
  },
  Minimum: {
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => unbroadcast(tf.mul(dy, mask(tf.lessEqual(a!, b!))), a!.shape),
      b: () => unbroadcast(tf.mul(dy, mask(tf.greater(a!, b!))), b!.shape),
    }),
  },
  Maximum: {
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => unbroadcast(tf.mul(dy, mask(tf.greaterEqual(a!, b!))), a!.shape),
      b: () => unbroadcast(tf.mul(dy, mask(tf.less(a!, b!))), b!.shape),
    }),
  },
  Sum: { inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => tf.mul(expandReduced(dy, x!.shape, attrs.axis), tf.ones(x!.shape)) }) },
  Mean: {
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => tf.mul(expandReduced(dy, x!.shape, attrs.axis), tf.fill(x!.shape, 1 / reducedSize(x!.shape, attrs.axis))),
    }),
  },
  // The gradient of min/max goes to every element equal to the extreme value (as in tfjs).
  Min: { inputsToSave: ['x'], outputsToSave: [true], gradFunc: (dy, [x, y], attrs) => ({ x: () => extremeGrad(dy, x!, y!, attrs.axis) }) },
  Max: { inputsToSave: ['x'], outputsToSave: [true], gradFunc: (dy, [x, y], attrs) => ({ x: () => extremeGrad(dy, x!, y!, attrs.axis) }) },
  Reshape: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy, x!.shape) }) },
  Concat: {
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = tf.util.parseAxisParam(attrs.axis as number, saved[0]!.shape)[0]!;
      const parts = tf.split(dy, saved.map((t) => t.shape[axis]!), axis);
      return parts.map((p) => () => p);
    },
  },
  Pack: {
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => tf.unstack(dy, attrs.axis as number).map((p) => () => p),
  },
  Slice: {
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const begin = attrs.begin as number[];
      const paddings = x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - dy.shape[i]!] as [number, number]);
      return { x: () => tf.pad(dy, paddings) };
    },
  },
  Transpose: {
    gradFunc: (dy, _saved, attrs) => {
      const perm = attrs.perm as number[];
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return { x: () => tf.transpose(dy, inverse) };
    },
  },
  // tfjs's own formula, with transposed products (kept so denseAutodiff can serve as the baseline).
  BatchMatMul: {
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b], attrs) => {
      const [ta, tb] = [attrs.transposeA as boolean, attrs.transposeB as boolean];
      if (!ta && !tb) return { a: () => tf.matMul(dy, b!, false, true), b: () => tf.matMul(a!, dy, true, false) };
      if (!ta && tb) return { a: () => tf.matMul(dy, b!, false, false), b: () => tf.matMul(dy, a!, true, false) };
      if (ta && !tb) return { a: () => tf.matMul(b!, dy, false, true), b: () => tf.matMul(a!, dy, false, false) };
      return { a: () => tf.matMul(b!, dy, true, true), b: () => tf.matMul(dy, a!, true, true) };
    },
  },
};

function extremeGrad(dy: tf.Tensor, x: tf.Tensor, y: tf.Tensor, axis: unknown): tf.Tensor {
  const yExpanded = expandReduced(y, x.shape, axis);
  const dyExpanded = expandReduced(dy, x.shape, axis);
  return tf.mul(dyExpanded, mask(tf.equal(x, yExpanded)));
}

/** Registers our gradient for every kernel in SPECS that has none; returns the kernels registered. */
export function registerCoreGradients(): string[] {
  const added: string[] = [];
  for (const [kernelName, spec] of Object.entries(SPECS)) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({ kernelName, ...spec } as unknown as tf.GradConfig);
    added.push(kernelName);
  }
  return added;
}

export const DIFFERENTIABLE_KERNELS: readonly string[] = Object.keys(SPECS);

registerCoreGradients();
