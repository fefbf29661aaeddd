#!/usr/bin/env node
// Records a trajectory with the TypeScript client's link (agent/src/remote/server-link.ts: StepStream, tensor
// codec) for the Python client to compare against bit for bit.
//   node record_ts_trajectory.mjs ADDRESS ENV_ID SEEDS_CSV ACTIONS_FILE STEPS OUT_JSON
// ACTIONS_FILE holds STEPS x num_envs x act_dim float32 values (little-endian). OUT_JSON gets the observations
// (reset, then after every step) as float64 bytes, rewards as float64 bytes, terminated and truncated, in base64.
import { readFileSync, writeFileSync } from 'node:fs';
import { remote } from '@qflow/agent';
import { decodeFloat64, encodeTensor } from '@qflow/proto';

const [address, envId, seedsCsv, actionsFile, stepsText, outFile] = process.argv.slice(2);
const seeds = seedsCsv.split(',').map((s) => BigInt(s));
const numEnvs = seeds.length;
const steps = Number(stepsText);
const bytes = readFileSync(actionsFile);
const actions = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

const link = new remote.ServerLink(address);
try {
  const { spec } = await link.getEnvSpec(envId);
  const actDim = spec.action.shape.reduce((a, b) => a * b, 1);
  const session = await link.createSession({ envId, numEnvs, seed: 0n, leaseSeconds: 0, taskId: 0, disableAutoReset: true });
  const sessionId = session.sessionId;
  const reset = await link.reset({ sessionId, envIds: [], seeds, taskIds: [], useSeedSequence: false });
  const observations = [decodeFloat64(reset.observations)];
  const rewards = [];
  const terminated = [];
  const truncated = [];
  for (let t = 0; t < steps; t++) {
    const batch = actions.slice(t * numEnvs * actDim, (t + 1) * numEnvs * actDim);
    const r = await link.step({ sessionId, envIds: [], actions: encodeTensor(batch, [numEnvs, actDim]) });
    observations.push(decodeFloat64(r.observations));
    rewards.push(...r.rewards);
    terminated.push(...r.terminated);
    truncated.push(...r.truncated);
  }
  await link.closeSession(sessionId);
  const b64 = (arrays) => Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toString('base64');
  writeFileSync(outFile, JSON.stringify({
    observations: b64(observations), rewards: b64([Float64Array.from(rewards)]), terminated, truncated,
  }));
} finally {
  link.close();
}
