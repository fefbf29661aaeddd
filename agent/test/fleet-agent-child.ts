// Child process of remote-fleet-netns.test.ts, run inside the agent's network namespace: resolves the
// `dns:///` target there as `qflow train --env-servers` does, runs the online loop (random agent) on envs spread
// over the servers it found, SIGKILLs the server process `victimPid` mid-episode, and prints what happened as
// one JSON line (placements, the failover log, the loop's counts and whether any lost row reached the buffer).
// argv: target victimPid victimAddress outDir
import { RemoteVectorEnv } from '../src/remote/remote-vector-env.js';
import { parseEnvServers, resolveEnvServers } from '../src/remote/server-targets.js';
import { trainOnline } from '../src/online/online-training.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import { randomAgent, recording, rowKey } from './online-recording.js';

const ENV_ID = 'cube-single-play-singletask-task1-v0';
const COUNT = 6;

async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(target: string, victimPid: number, victimAddress: string, outDir: string): Promise<void> {
  const servers = await resolveEnvServers(parseEnvServers(target));
  const events: string[] = [];
  const env = await RemoteVectorEnv.connect({
    servers, envId: ENV_ID, count: COUNT, seed: 7, taskId: 1, log: (line) => events.push(line), retryDelayMs: 50,
  });
  try {
    const placementBefore = [...env.placement];
    const victimSlots = placementBefore.map((a, i) => (a === victimAddress ? i : -1)).filter((i) => i >= 0);
    const { obsDim, actDim } = env.spec;
    const buffer = new TransitionDataset(obsDim, actDim, 10_000);
    buffer.add({ observation: new Float32Array(obsDim), action: new Float32Array(actDim), reward: 0, mask: 1, nextObservation: new Float32Array(obsDim) });
    const { wrapped, episodes } = recording(env);
    const result = await trainOnline({
      agent: randomAgent(obsDim, actDim), buffer, env: wrapped, envSteps: COUNT * 260, batchSize: 4, seed: 1,
      outDir, logInterval: 600, evalInterval: 0, config: {}, progress: false,
      onStep: async ({ envSteps }) => {
        // cube-single episodes last 200 steps: 230 steps in, every env is 30 steps into its second episode.
        if (envSteps === COUNT * 230) {
          process.kill(victimPid, 'SIGKILL');
          await gone(victimPid);
        }
      },
    });
    const inBuffer = new Set<string>();
    for (let r = 0; r < buffer.size; r++) inBuffer.add(rowKey(buffer.nextObservations.subarray(r * obsDim, (r + 1) * obsDim)));
    const lost = episodes.filter((e) => e.lost);
    const victimDone = episodes.filter((e) => victimSlots.includes(e.slot) && !e.lost && e.rows.length === 200);
    console.log(JSON.stringify({
      servers, placementBefore, placementAfter: env.placement, serversAfter: env.servers, victimSlots, events,
      envSteps: result.envSteps, lostEpisodes: result.lostEpisodes, droppedTransitions: result.droppedTransitions,
      committedTransitions: result.committedTransitions, bufferSize: buffer.size,
      lostSlots: lost.map((e) => e.slot).sort((a, b) => a - b),
      lostRows: lost.reduce((n, e) => n + e.rows.length, 0),
      lostRowsInBuffer: lost.reduce((n, e) => n + e.rows.filter((row) => inBuffer.has(rowKey(row))).length, 0),
      victimCompletedRows: victimDone.reduce((n, e) => n + e.rows.length, 0),
      victimCompletedRowsInBuffer: victimDone.reduce((n, e) => n + e.rows.filter((row) => inBuffer.has(rowKey(row))).length, 0),
    }));
  } finally {
    await env.close();
  }
}

const [target, victimPid, victimAddress, outDir] = process.argv.slice(2);
main(target!, Number(victimPid), victimAddress!, outDir!).then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
