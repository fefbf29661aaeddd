import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './dist/src/backend/index.js';
import { createAgent, makeAgentConfig } from './dist/src/algorithms/index.js';
const [preset = 'cpu', rounds = '6', per = '10'] = process.argv.slice(2);
await selectBackend('wasm', () => {});
const cfg = makeAgentConfig('qflow', { preset });
const agent = createAgent('qflow', cfg, 29, 8, 0);
const B = cfg.batchSize; let s = 1;
const rnd = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
const batch = { size: B, observations: rnd(B * 29), actions: rnd(B * 8), rewards: rnd(B), masks: new Float32Array(B).fill(1), nextObservations: rnd(B * 29) };
for (let i = 0; i < 3; i++) await agent.update(batch);
const acc = { A: [0, 0], B: [0, 0] };
for (let r = 0; r < Number(rounds); r++) for (const v of ['A', 'B']) {
  if (v === 'B') process.env.NOMERGE = '1'; else delete process.env.NOMERGE;
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < Number(per); i++) await agent.update(batch);
  const c = process.cpuUsage(c0);
  acc[v][0] += (performance.now() - t0) / Number(per); acc[v][1] += (c.user + c.system) / 1000 / Number(per);
}
for (const v of ['A', 'B']) console.log(v === 'A' ? 'merged ' : 'permember', 'wall', (acc[v][0] / Number(rounds)).toFixed(1), 'cpu', (acc[v][1] / Number(rounds)).toFixed(1));
process.exit(0);
