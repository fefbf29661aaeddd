import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '/work/main/agent/dist/src/backend/index.js';
import { createAgent, makeAgentConfig } from '/work/main/agent/dist/src/algorithms/index.js';
const preset = process.argv[2] ?? 'cpu';
await selectBackend(process.argv[3] ?? 'wasm');
const cfg = makeAgentConfig('qflow', { preset });
const agent = createAgent('qflow', cfg, 29, 8, 0);
const B = cfg.batchSize; let s = 1;
const rnd = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
const batch = { size: B, observations: rnd(B * 29), actions: rnd(B * 8), rewards: rnd(B), masks: new Float32Array(B).fill(1), nextObservations: rnd(B * 29) };
await agent.update(batch);
const info = await tf.profile(async () => { await agent.update(batch); });
const counts = {};
for (const k of info.kernels) { const c = counts[k.name] ??= { n: 0, ms: 0 }; c.n++; c.ms += k.kernelTimeMs; }
console.log('kernels', info.kernels.length);
console.log(Object.entries(counts).sort((a, b) => b[1].n - a[1].n).map(([k, v]) => `${k}:${v.n}`).join(' '));
const n = preset === 'cpu' ? 30 : 5; const t0 = performance.now();
for (let i = 0; i < n; i++) await agent.update(batch);
console.log('ms/update', ((performance.now() - t0) / n).toFixed(1));
