import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './dist/src/backend/index.js';
import { createAgent, makeAgentConfig } from './dist/src/algorithms/index.js';
const [preset = 'cpu', backend = 'wasm', threads = '1', n = '20'] = process.argv.slice(2);
await selectBackend(backend, () => {});
const cfg = makeAgentConfig('qflow', { preset });
const agent = createAgent('qflow', cfg, 29, 8, 0, { threads: Number(threads) });
const B = cfg.batchSize; let s = 1;
const rnd = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
const batch = { size: B, observations: rnd(B * 29), actions: rnd(B * 8), rewards: rnd(B), masks: new Float32Array(B).fill(1), nextObservations: rnd(B * 29) };
await agent.update(batch); await agent.update(batch);
if (threads === '1') {
  const info = await tf.profile(async () => { await agent.update(batch); });
  const counts = {};
  for (const k of info.kernels) { const c = counts[k.name] ??= { n: 0 }; c.n++; }
  console.log('kernels', info.kernels.length, Object.entries(counts).sort((a, b) => b[1].n - a[1].n).map(([k, v]) => `${k}:${v.n}`).join(' '));
}
const t0 = performance.now();
for (let i = 0; i < Number(n); i++) await agent.update(batch);
console.log(preset, backend, 'threads', threads, 'ms/update', ((performance.now() - t0) / Number(n)).toFixed(1));
agent.dispose(); process.exit(0);
