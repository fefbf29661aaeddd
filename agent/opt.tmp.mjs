import { HostParams, OPTAX_ADAM } from './dist/src/nn/host-params.js';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './dist/src/backend/index.js';
await selectBackend('cpu', () => {});
const n = 3_300_000;
for (const shared of [false, true]) {
  const p = tf.variable(tf.randomNormal([n])), t = tf.variable(tf.randomNormal([n]));
  const h = new HostParams([['p', p]], [['tp', t, 'p']], { shared });
  await h.download([p], [t]);
  const mk = () => { const a = new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4)); for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5; return a; };
  const g1 = mk(), g2 = mk();
  const hyper = { lr: 3e-4, ...OPTAX_ADAM };
  const time = (label, f) => { f(); const t0 = performance.now(); for (let i = 0; i < 5; i++) f(); console.log(shared ? 'SAB' : 'AB ', label, ((performance.now() - t0) / 5).toFixed(1), 'ms'); };
  let c = 1;
  time('adam single full', () => h.adam([g1], [1], hyper, c++));
  time('adam 2 shards, half range', () => h.adam([g1, g2], [0.5, 0.5], hyper, c++, 0, n / 2));
  time('ema full', () => h.ema(0.005));
  time('ema half', () => h.ema(0.005, 0, n / 2));
  tf.dispose([p, t]);
}
