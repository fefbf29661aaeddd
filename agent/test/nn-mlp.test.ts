import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { concatColumns, Mlp, MlpEnsemble, ParamStore } from '../src/nn/index.js';

await selectBackend('cpu', () => {});

test('MLP layout: Dense→GELU→LayerNorm per hidden layer, plain last layer, zero biases, Glorot bounds', () => {
  const store = new ParamStore();
  const mlp = new Mlp(store, 'net', { inputDim: 6, hiddenDims: [32, 16], outputDim: 3, layerNorm: true }, 1);
  assert.deepEqual(store.names(), [
    'net/l0/w', 'net/l0/b', 'net/l0/ln_scale', 'net/l0/ln_bias',
    'net/l1/w', 'net/l1/b', 'net/l1/ln_scale', 'net/l1/ln_bias',
    'net/l2/w', 'net/l2/b',
  ]);
  const w0 = store.get('net/l0/w').dataSync();
  const limit = Math.sqrt(6 / (6 + 32));
  assert.ok(w0.every((v) => Math.abs(v) <= limit), 'within the Glorot-uniform limit');
  assert.ok(Math.max(...w0.map(Math.abs)) > 0.8 * limit, 'uses the range');
  assert.ok(store.get('net/l1/b').dataSync().every((v) => v === 0));
  assert.ok(store.get('net/l0/ln_scale').dataSync().every((v) => v === 1));
  const y = mlp.apply(tf.randomNormal([4, 6], 0, 1, 'float32', 2) as tf.Tensor2D);
  assert.deepEqual(y.shape, [4, 3]);
  assert.throws(() => mlp.apply(tf.zeros([4, 5]) as tf.Tensor2D), /expects 6 input features, got 5/);
  store.dispose();
});

test('a linear MLP (no hidden layers) computes x·W + b with hand-set weights', () => {
  const store = new ParamStore();
  const mlp = new Mlp(store, 'lin', { inputDim: 2, hiddenDims: [], outputDim: 1 }, 0);
  store.get('lin/l0/w').assign(tf.tensor2d([[2], [-1]]));
  store.get('lin/l0/b').assign(tf.tensor1d([0.5]));
  assert.deepEqual(Array.from(mlp.apply(tf.tensor2d([[1, 1], [3, 2]])).dataSync()), [1.5, 4.5]);
  store.dispose();
});

test('toy options: ReLU and N(0,1)·0.02 init; obsDim 0 inputs through concatColumns', () => {
  const store = new ParamStore();
  const mlp = new Mlp(store, 'toy', { inputDim: 3, hiddenDims: [256], outputDim: 2, activation: 'relu', kernelInit: 'normal-0.02' }, 3);
  const w = Array.from(store.get('toy/l0/w').dataSync());
  const std = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
  assert.ok(Math.abs(std - 0.02) < 0.002, `std ${std}`);
  const x = concatColumns([tf.zeros([5, 0]) as tf.Tensor2D, tf.ones([5, 2]) as tf.Tensor2D, tf.fill([5, 1], 0.5) as tf.Tensor2D]);
  assert.deepEqual(x.shape, [5, 3]);
  assert.deepEqual(mlp.apply(x).shape, [5, 2]);
  store.dispose();
});

test('ensemble members are initialised independently and evaluated together as [E, B]', () => {
  const store = new ParamStore();
  const ens = new MlpEnsemble(store, 'q', 3, { inputDim: 4, hiddenDims: [8], outputDim: 1, layerNorm: true }, 7);
  const w = [0, 1, 2].map((e) => store.get(`q/e${e}/l0/w`).dataSync());
  assert.notDeepEqual(Array.from(w[0]!), Array.from(w[1]!));
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 8) as tf.Tensor2D;
  const values = ens.apply(x);
  assert.deepEqual(values.shape, [3, 5]);
  const member1 = ens.members[1]!.apply(x).dataSync();
  assert.deepEqual(Array.from(values.arraySync()[1]!), Array.from(member1));
  store.dispose();
});

test('ParamStore restore rejects wrong shapes and missing tensors', () => {
  const store = new ParamStore();
  store.add('a', tf.zeros([2, 3]));
  assert.throws(() => store.restore({}), /missing tensors: a/);
  assert.throws(() => store.restore({ a: { shape: [3, 2], data: new Float32Array(6) } }), /shape \[3,2\].*expected \[2,3\]/);
  store.restore({ a: { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) } });
  assert.deepEqual(Array.from(store.get('a').dataSync()), [1, 2, 3, 4, 5, 6]);
  store.dispose();
});
