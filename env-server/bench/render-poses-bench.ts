// What render_poses costs (`npm run bench:render-poses`) on antmaze-large: (a) in process, the time of one
// env.step and of reading one env's body poses, in alternating rounds (the worker's added CPU per env step);
// (b) env steps/s of one 64-env session over StepStream with the flag off and on, in alternating rounds on the
// same server and session, and the response bytes per step. Reports medians and ratios (on / off).
import { parseArgs } from 'node:util';
import { StepResponse } from '@qflow/proto';
import type { AntMazeEnv } from '../src/envs/antmaze/antmaze-env.js';
import { createEnv } from '../src/envs/registry.js';
import { POSE_WIDTH, writeBodyPoses } from '../src/physics/body-poses.js';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { startServer } from '../src/index.js';
import { closeSession, openSession, streamThroughput } from './grpc-load.js';

const ENV_ID = 'antmaze-large-singletask-task1-v0';
const ACTION_DIM = 8;
const HELP = `usage: npm run bench:render-poses [-- --envs N --seconds S --rounds R]
  --envs N      envs in the session (default 64)
  --seconds S   duration of each measurement (default 2)
  --rounds R    off/on pairs (default 4)`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Microseconds per env.step and per reading one env's body poses, each the median of `rounds` rounds. */
async function inProcessCost(rounds: number, steps = 1000, reads = 20_000): Promise<{ step: number; poses: number }> {
  const env = createEnv(await loadMujoco(), ENV_ID) as AntMazeEnv;
  const poses = new Float32Array(env.physics.model.nbody * POSE_WIDTH);
  const action = new Float32Array(ACTION_DIM).fill(0.3);
  env.reset(1n, 1);
  const perCall = (calls: number, work: (t: number) => void) => {
    const start = performance.now();
    for (let t = 0; t < calls; t++) work(t);
    return ((performance.now() - start) * 1000) / calls;
  };
  const step = (t: number) => {
    action[t % ACTION_DIM] = -action[t % ACTION_DIM]!;
    if (env.step(action).truncated) env.reset(BigInt(t), 1);
  };
  const read = () => writeBodyPoses(env.physics, poses, 0);
  perCall(reads, read);
  const us: Record<'step' | 'poses', number[]> = { step: [], poses: [] };
  for (let r = 0; r < rounds; r++) {
    us.step.push(perCall(steps, step));
    us.poses.push(perCall(reads, read));
  }
  env.dispose();
  return { step: median(us.step), poses: median(us.poses) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { envs: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(HELP);
  const [numEnvs, seconds, rounds] = [Number(values.envs ?? 64), Number(values.seconds ?? 2), Number(values.rounds ?? 4)];
  const cost = await inProcessCost(rounds);
  console.log(`in process, one env: env.step ${cost.step.toFixed(1)} µs, reading its body poses ${cost.poses.toFixed(2)} µs; ` +
    `(step + poses) / step = ${((cost.step + cost.poses) / cost.step).toFixed(4)}`);
  const server = await startServer({ workers: 1 });
  try {
    const session = await openSession(server.address, ENV_ID, numEnvs, ACTION_DIM);
    await streamThroughput([session], 1); // warm-up
    const rates: Record<'off' | 'on', number[]> = { off: [], on: [] };
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['off', 'on'] as const) {
        session.renderPoses = mode === 'on';
        rates[mode].push(await streamThroughput([session], seconds));
      }
    }
    const bytes = await Promise.all([false, true].map((renderPoses) => new Promise<number>((resolve, reject) => {
      session.client.step({ sessionId: session.sessionId, envIds: [], actions: session.actions[0], sequence: 0n, renderPoses },
        (error, response) => (error ? reject(error) : resolve(StepResponse.encode(response!).finish().length)));
    })));
    const [off, on] = [median(rates.off), median(rates.on)];
    console.log(`${ENV_ID}, ${numEnvs} envs, StepStream, ${rounds} rounds of ${seconds} s each, 1 worker`);
    console.log(`render_poses off: ${off.toFixed(0)} env steps/s (rounds: ${rates.off.map((v) => v.toFixed(0)).join(', ')}); ${bytes[0]} bytes per response`);
    console.log(`render_poses on:  ${on.toFixed(0)} env steps/s (rounds: ${rates.on.map((v) => v.toFixed(0)).join(', ')}); ${bytes[1]} bytes per response`);
    console.log(`ratio on / off: ${(on / off).toFixed(3)}`);
    await closeSession(session);
  } finally {
    await server.close();
  }
}

await main();
