import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { ToyMlp, withTime } from '../src/toy/toy-networks.js';
import { tracedRollout, rolloutBackward, rolloutFrom } from '../src/toy/toy-flow.js';

/** Central finite difference of f w.r.t. entry `index` of variable v. */
function finiteDiff(v: tf.Variable, index: number, f: () => number, eps = 1e-2): number {
  const data = v.dataSync().slice();
  const orig = data[index]!;
  data[index] = orig + eps;
  v.assign(tf.tensor(data, v.shape));
  const up = f();
  data[index] = orig - eps;
  v.assign(tf.tensor(data, v.shape));
  const down = f();
  data[index] = orig;
  v.assign(tf.tensor(data, v.shape));
  return (up - down) / (2 * eps);
}

/** Scales an MLP's weights up from the tiny N(0,1)·0.02 init so that gradients are not vanishingly small. */
function enlarge(net: ToyMlp): void {
  for (const k of net.kernels) k.assign(tf.mul(k, 40));
  for (const b of net.biases) b.assign(tf.randomUniform(b.shape, -0.3, 0.3, 'float32', 5));
}

test('toy MLP: hand-written backward pass equals finite differences (weights and input)', async () => {
  await selectBackend('cpu');
  const net = new ToyMlp('fd', [3, 5, 4, 2], 1);
  enlarge(net);
  const x = tf.tensor2d([[0.3, -0.7, 0.2], [1.1, 0.4, -0.5], [-0.2, 0.9, 0.8]]);
  const w = tf.tensor2d([[1, -2], [0.5, 1], [-1, 0.25]]);
  const loss = () => tf.tidy(() => tf.sum(tf.mul(net.apply(x), w)).dataSync()[0]!);
  const grads = tf.tidy(() => {
    const { trace } = net.forward(x);
    const g = net.backward(trace, w);
    return { dx: g.dx.arraySync(), params: g.params.map((p) => p.dataSync().slice()) };
  });
  net.variables.forEach((v, vi) => {
    for (let i = 0; i < v.size; i += Math.max(1, Math.floor(v.size / 5))) {
      const fd = finiteDiff(v, i, loss);
      assert.ok(Math.abs(fd - grads.params[vi]![i]!) < 2e-2 * Math.max(1, Math.abs(fd)), `${v.name}[${i}]: fd ${fd} vs ${grads.params[vi]![i]}`);
    }
  });
  // Input gradient, row 1, column 0.
  const xv = tf.variable(x.clone());
  const lossX = () => tf.tidy(() => tf.sum(tf.mul(net.apply(xv as tf.Tensor2D), w)).dataSync()[0]!);
  const fdx = finiteDiff(xv, 3, lossX);
  assert.ok(Math.abs(fdx - grads.dx[1]![0]!) < 2e-2 * Math.max(1, Math.abs(fdx)), `dx: fd ${fdx} vs ${grads.dx[1]![0]}`);
  net.dispose();
  tf.dispose([x, w, xv]);
});

test('toy flow: BPTT gradient through the Euler roll-out equals finite differences', async () => {
  await selectBackend('cpu');
  const flow = new ToyMlp('bptt', [3, 6, 3, 2], 2);
  enlarge(flow);
  // The last row starts far outside the domain in x: the final clip must zero that part of the gradient.
  const z = tf.tensor2d([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.7], [12, -0.2]]);
  const coef = tf.tensor2d([[1, 0.5], [-1, 2], [0.3, -0.7], [1, 1]]);
  const steps = 4;
  const objective = () => tf.tidy(() => tf.sum(tf.mul(tracedRollout(flow, z, steps).final, coef)).dataSync()[0]!);
  const grads = tf.tidy(() => rolloutBackward(flow, tracedRollout(flow, z, steps), coef).map((g) => g.dataSync().slice()));
  let checked = 0;
  flow.variables.forEach((v, vi) => {
    for (let i = 0; i < v.size; i += 3) {
      const fd = finiteDiff(v, i, objective, 1e-3); // small: a larger step crosses ReLU kinks
      assert.ok(Math.abs(fd - grads[vi]![i]!) < 3e-2 * Math.max(1, Math.abs(fd)), `${v.name}[${i}]: fd ${fd} vs ${grads[vi]![i]}`);
      checked++;
    }
  });
  assert.ok(checked > 10);
  flow.dispose();
  tf.dispose([z, coef]);
});

test('toy flow: the roll-out from x_t takes full steps of 1/T, one partial step to t = 1, then none', async () => {
  await selectBackend('cpu');
  // A flow whose velocity is the constant (1, 0): after the roll-out x moves by exactly (1 − t) in x.
  const flow = new ToyMlp('const', [3, 2, 2], 3);
  tf.tidy(() => {
    flow.kernels[0]!.assign(tf.zeros([3, 2]));
    flow.biases[0]!.assign(tf.zeros([2]));
    flow.kernels[1]!.assign(tf.zeros([2, 2]));
    flow.biases[1]!.assign(tf.tensor1d([1, 0]));
  });
  const xt = tf.tensor2d([[0, 0], [0, 0], [3.5, 1]]);
  const t = tf.tensor2d([[0.35], [0], [0]]);
  const out = tf.tidy(() => rolloutFrom(flow, xt, t, 10).arraySync());
  assert.ok(Math.abs(out[0]![0]! - 0.65) < 1e-5, `from t=0.35: ${out[0]}`);
  assert.ok(Math.abs(out[1]![0]! - 1) < 1e-5);
  assert.equal(out[2]![0], 4); // clipped to the domain at every step
  assert.equal(out[2]![1], 1);
  assert.equal(withTime(xt, t).shape[1], 3);
  flow.dispose();
  tf.dispose([xt, t]);
});
