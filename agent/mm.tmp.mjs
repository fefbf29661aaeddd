import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './dist/src/backend/index.js';
const sel = await selectBackend('wasm', () => {}); console.log(sel.message);
const a = tf.randomNormal([256, 512]), b = tf.randomNormal([512, 512]);
for (let i = 0; i < 20; i++) { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
const t0 = performance.now(); let n = 0;
while (performance.now() - t0 < 8000) { { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }; n++; }
console.log('GFLOP/s', (2 * 256 * 512 * 512 * n / (performance.now() - t0) / 1e6).toFixed(1));
process.exit(0);
