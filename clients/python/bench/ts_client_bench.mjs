#!/usr/bin/env node
// The TypeScript client's side of clients/python/bench/client_bench.py: env steps/s of the agent's RemoteVectorEnv
// (StepStream, auto-reset from seed sequences) and dataset streaming MB/s of fetchRemoteDataset. Prints JSON.
//   node ts_client_bench.mjs steps ADDRESS ENV_ID NUM_ENVS STEPS
//   node ts_client_bench.mjs dataset ADDRESS NAME TASK_ID
import { performance } from 'node:perf_hooks';
import { fetchRemoteDataset, remote } from '@qflow/agent';

const [mode, address, ...rest] = process.argv.slice(2);

async function steps(envId, numEnvs, count) {
  const env = await remote.RemoteVectorEnv.connect({ servers: [address], envId, count: numEnvs, seed: 0 });
  try {
    const actions = new Float32Array(numEnvs * env.spec.actDim);
    let state = 1;
    const fill = () => { for (let i = 0; i < actions.length; i++) { state = (state * 1103515245 + 12345) >>> 0; actions[i] = state / 2 ** 31 - 1; } };
    await env.start();
    for (let t = 0; t < 5; t++) { fill(); await env.stepAutoReset(actions); } // warm-up
    const t0 = performance.now();
    for (let t = 0; t < count; t++) { fill(); await env.stepAutoReset(actions); }
    const seconds = (performance.now() - t0) / 1000;
    return { env_steps_per_second: (count * numEnvs) / seconds };
  } finally {
    await env.close();
  }
}

async function dataset(name, taskId) {
  const t0 = performance.now();
  const { info } = await fetchRemoteDataset(address, name, { taskId });
  const seconds = (performance.now() - t0) / 1000;
  const wanted = new Set(['observations', 'actions', 'rewards', 'masks', 'next_observations']);
  const rowBytes = info.fields.filter((f) => wanted.has(f.name)).reduce((n, f) => n + 4 * f.shape.reduce((a, b) => a * b, 1), 0);
  const bytes = Number(info.numTransitions) * rowBytes;
  return { bytes, seconds, mb_per_second: bytes / 1e6 / seconds };
}

const result = mode === 'steps' ? await steps(rest[0], Number(rest[1]), Number(rest[2])) : await dataset(rest[0], Number(rest[1]));
console.log(JSON.stringify(result));
