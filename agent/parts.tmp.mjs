import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './dist/src/backend/index.js';
import { makeAgentConfig } from './dist/src/algorithms/index.js';
import { FlowAgent } from './dist/src/algorithms/flow-agent.js';
const [preset = 'cpu', n = '20'] = process.argv.slice(2);
await selectBackend('wasm', () => {});
const cfg = makeAgentConfig('qflow', { preset });
const agent = new FlowAgent('qflow', cfg, 29, 8, 0);
const B = cfg.batchSize; let s = 1;
const rnd = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
const batch = { size: B, observations: rnd(B * 29), actions: rnd(B * 8), rewards: rnd(B), masks: new Float32Array(B).fill(1), nextObservations: rnd(B * 29) };
await agent.update(batch);
const g = new Float32Array(agent.host.size);
const T = { grad: 0, opt: 0, sync: 0 };
for (let i = 0; i < Number(n); i++) {
  let t = performance.now();
  await agent.shardGradients(batch, [0, B], g);
  T.grad += performance.now() - t; t = performance.now();
  agent.optimizerStep([g], [1], agent.host.count + 1, [0, agent.host.size]);
  T.opt += performance.now() - t; t = performance.now();
  agent.syncFromHost();
  T.sync += performance.now() - t;
}
for (const k in T) T[k] = (T[k] / Number(n)).toFixed(2);
console.log(preset, 'params', agent.host.size, T);
process.exit(0);
