import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './dist/src/backend/index.js';
import { createAgent, makeAgentConfig } from './dist/src/algorithms/index.js';
await selectBackend('wasm', () => {});
for (const preset of ['cpu', 'paper']) {
  const cfg = makeAgentConfig('qflow', { preset });
  const agent = createAgent('qflow', cfg, 29, 8, 0);
  const B = cfg.batchSize; let s = 1;
  const rnd = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  const batch = { size: B, observations: rnd(B * 29), actions: rnd(B * 8), rewards: rnd(B), masks: new Float32Array(B).fill(1), nextObservations: rnd(B * 29) };
  await agent.update(batch);
  const info = await tf.profile(async () => { await agent.update(batch); });
  const real = info.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) !== undefined);
  console.log(preset, 'profile entries', info.kernels.length, 'kernels', real.length);
}
process.exit(0);
