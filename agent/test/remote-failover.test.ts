// Three env server processes on loopback: the remote vector env spreads its envs over all three; one server is
// killed (SIGKILL) mid-run; the online loop goes on on the other two, and no transition of the killed server's
// unfinished episodes enters the replay buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteVectorEnv } from '../src/remote/remote-vector-env.js';
import { trainOnline } from '../src/online/online-training.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import { randomAgent, recording, rowKey } from './online-recording.js';
import { startServerProcess, type ServerProcess } from './env-server-process.js';

const ENV_ID = 'cube-single-play-singletask-task1-v0';

test('envs spread over three servers; one is killed mid-run; training goes on without its unfinished episodes', { timeout: 150_000 }, async () => {
  const servers: ServerProcess[] = await Promise.all([startServerProcess(), startServerProcess(), startServerProcess()]);
  const out = mkdtempSync(join(tmpdir(), 'qflow-failover-'));
  const events: string[] = [];
  let env: RemoteVectorEnv | undefined;
  try {
    env = await RemoteVectorEnv.connect({
      servers: servers.map((s) => s.address), envId: ENV_ID, count: 6, seed: 7, taskId: 1,
      log: (line) => events.push(line), retryDelayMs: 50,
    });
    assert.deepEqual(new Set(env.placement), new Set(servers.map((s) => s.address)), 'every server holds envs');
    const victim = servers[1]!;
    const victimSlots = env.placement.map((a, i) => (a === victim.address ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(victimSlots, [1, 4]);

    const { obsDim, actDim } = env.spec;
    const buffer = new TransitionDataset(obsDim, actDim, 10_000);
    buffer.add({ observation: new Float32Array(obsDim), action: new Float32Array(actDim), reward: 0, mask: 1, nextObservation: new Float32Array(obsDim) });
    const { wrapped, episodes } = recording(env);
    let killedAt = -1;
    const result = await trainOnline({
      agent: randomAgent(obsDim, actDim), buffer, env: wrapped, envSteps: 6 * 260, batchSize: 4, seed: 1,
      outDir: out, logInterval: 600, evalInterval: 0, config: {}, progress: false,
      onStep: async ({ envSteps }) => {
        // Mid-episode for every env (cube-single episodes last 200 steps): 230 steps in, 30 into the 2nd episode.
        if (envSteps === 6 * 230) { killedAt = envSteps; await victim.stop(); }
      },
    });
    assert.ok(killedAt > 0);
    assert.equal(result.envSteps, 6 * 260, 'training went on to the end');
    assert.deepEqual(env.servers.sort(), [servers[0]!.address, servers[2]!.address].sort(), 'the dead server was dropped');
    assert.equal(new Set(env.placement).has(victim.address), false, 'its envs moved to the survivors');
    assert.ok(events.some((e) => e.includes(`${victim.address} is gone`)), `failover logged: ${events.join('\n')}`);

    const lost = episodes.filter((e) => e.lost);
    assert.deepEqual(lost.map((e) => e.slot).sort(), victimSlots, 'exactly the killed server\'s running episodes were lost');
    assert.equal(result.lostEpisodes, victimSlots.length);
    assert.equal(result.droppedTransitions, lost.reduce((a, e) => a + e.rows.length, 0));
    assert.ok(result.droppedTransitions > 0);
    // The buffer: one seed row plus exactly the transitions of completed episodes, none of a lost one.
    assert.equal(buffer.size, 1 + result.committedTransitions);
    const completedRows = episodes.filter((e) => !e.lost && e.rows.length && result.completedEpisodes > 0);
    assert.ok(completedRows.length > 0);
    const inBuffer = new Set<string>();
    const next = buffer.nextObservations;
    for (let r = 0; r < buffer.size; r++) inBuffer.add(rowKey(next.subarray(r * obsDim, (r + 1) * obsDim)));
    for (const ep of lost) for (const row of ep.rows) assert.equal(inBuffer.has(rowKey(row)), false, 'a lost episode\'s transition is in the buffer');
    // Completed episodes of the killed server (the first one of each of its envs) did go in.
    const victimDone = episodes.filter((e) => victimSlots.includes(e.slot) && !e.lost);
    assert.ok(victimDone.length >= 2);
    for (const ep of victimDone.filter((e) => e.rows.length === 200)) for (const row of ep.rows) assert.ok(inBuffer.has(rowKey(row)));
  } finally {
    await env?.close();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(out, { recursive: true, force: true });
  }
});
