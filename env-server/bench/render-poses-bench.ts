// What render_poses costs (`npm run bench:render-poses`): env steps/s of one 64-env antmaze-large session over
// StepStream with the flag off and on, in alternating rounds on the same server and session, and the response
// bytes per step. Reports the median of each and their ratio (on / off); no absolute target.
import { parseArgs } from 'node:util';
import { StepResponse } from '@qflow/proto';
import { startServer } from '../src/index.js';
import { closeSession, openSession, streamThroughput } from './grpc-load.js';

const ENV_ID = 'antmaze-large-singletask-task1-v0';
const ACTION_DIM = 8;
const HELP = `usage: npm run bench:render-poses [-- --envs N --seconds S --rounds R]
  --envs N      envs in the session (default 64)
  --seconds S   duration of each measurement (default 2)
  --rounds R    off/on pairs (default 4)`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { envs: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(HELP);
  const [numEnvs, seconds, rounds] = [Number(values.envs ?? 64), Number(values.seconds ?? 2), Number(values.rounds ?? 4)];
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
