import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { HostParams, OPTAX_ADAM } from '../src/nn/index.js';
import { evenRanges } from '../src/parallel/data-parallel-agent.js';

await selectBackend('cpu', () => {});

async function hostOf(trained: [string, number[]][], targets: [string, number[], string][] = []) {
  const vars = trained.map(([n, v]) => [n, tf.variable(tf.tensor1d(v))] as [string, tf.Variable]);
  const tvars = targets.map(([n, v, s]) => [n, tf.variable(tf.tensor1d(v)), s] as [string, tf.Variable, string]);
  const host = new HostParams(vars, tvars);
  await host.download(vars.map(([, v]) => v), tvars.map(([, v]) => v));
  return { host, vars: vars.map(([, v]) => v), tvars: tvars.map(([, v]) => v) };
}

test('Adam matches hand-computed optax steps (bias correction, eps outside the sqrt)', async () => {
  const { host, vars } = await hostOf([['p', [1, -2]]]);
  const hyper = { lr: 0.1, ...OPTAX_ADAM };
  const gradients = [[0.5, 0.001], [-1, 0.002]];
  // By hand, in float64: m_k = 0.9 m + 0.1 g, v_k = 0.999 v + 0.001 g², p -= lr·(m/(1−0.9^k))/(sqrt(v/(1−0.999^k)) + 1e-8)
  const expected = [1, -2];
  const m = [0, 0];
  const v = [0, 0];
  gradients.forEach((g, k) => {
    const squares = host.adam([Float32Array.from(g)], [1], hyper, k + 1);
    assert.ok(Math.abs(squares[0]! - (Math.fround(g[0]!) ** 2 + Math.fround(g[1]!) ** 2)) < 1e-12, 'Σg² of the tensor');
    for (let i = 0; i < 2; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
      const mHat = m[i]! / (1 - 0.9 ** (k + 1));
      const vHat = v[i]! / (1 - 0.999 ** (k + 1));
      expected[i]! -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    const got = host.buffers.params;
    expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) < 1e-6, `step ${k + 1} p[${i}] = ${got[i]} vs ${e}`));
  });
  // First step moves each coordinate by ≈ lr whatever the gradient scale (the hallmark of bias correction).
  assert.ok(Math.abs(expected[0]! - 0.9366101) < 1e-6);
  host.upload(vars, []);
  assert.deepEqual(Array.from(vars[0]!.dataSync()), Array.from(host.buffers.params));
  tf.dispose(vars);
});

test('shards reduce with their weights, in order: the same step as their weighted sum given whole', async () => {
  const a = await hostOf([['p', [1, 2, 3]], ['q', [4]]]);
  const b = await hostOf([['p', [1, 2, 3]], ['q', [4]]]);
  const hyper = { lr: 0.01, ...OPTAX_ADAM };
  const g1 = Float32Array.of(0.5, -1, 2, 0.25);
  const g2 = Float32Array.of(1.5, 1, -2, 0.75);
  const whole = g1.map((x, i) => 0.5 * x + 0.5 * g2[i]!);
  a.host.adam([g1, g2], [0.5, 0.5], hyper, 1);
  // The same step split into two segments (two workers), each reducing its own range.
  const [s0, s1] = evenRanges(b.host.size, 2);
  b.host.adam([g1, g2], [0.5, 0.5], hyper, 1, ...s0!);
  b.host.adam([g1, g2], [0.5, 0.5], hyper, 1, ...s1!);
  assert.deepEqual(a.host.buffers.params, b.host.buffers.params);
  const c = await hostOf([['p', [1, 2, 3]], ['q', [4]]]);
  c.host.adam([whole], [1], hyper, 1);
  assert.deepEqual(a.host.buffers.params, c.host.buffers.params);
  tf.dispose([...a.vars, ...b.vars, ...c.vars]);
});

test('EMA moves each target exactly τ of the way to its source, segment by segment', async () => {
  const { host, tvars, vars } = await hostOf([['p', [1, 0]]], [['target/p', [0, 10], 'p']]);
  host.ema(0.005, 0, 1);
  assert.deepEqual(Array.from(host.buffers.targets), [Math.fround(0.005), 10]);
  host.ema(0.005, 1, 2);
  const got = host.buffers.targets;
  assert.ok(Math.abs(got[0]! - 0.005) < 1e-7 && Math.abs(got[1]! - 9.95) < 1e-5, `${got}`);
  tf.dispose([...vars, ...tvars]);
});

test('a target without a same-sized trained source is refused', () => {
  const p = tf.variable(tf.zeros([2]));
  const t = tf.variable(tf.zeros([3]));
  assert.throws(() => new HostParams([['p', p]], [['target/p', t, 'p']]), /EMA target 'target\/p' has no trained source 'p' of its size/);
  tf.dispose([p, t]);
});
