// A dropped connection (a TCP proxy cuts every socket while a step is in flight) does not cost the episodes: the
// remote vector env re-attaches to its session, sees from the env step counts that the step was not applied,
// re-sends it, and the trajectory is bit-identical to an undisturbed run with the same seeds and actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { RemoteVectorEnv } from '../src/remote/remote-vector-env.js';
import { AgentRng } from '../src/random/agent-rng.js';
import { startServerProcess } from './env-server-process.js';

const ENV_ID = 'cube-single-play-singletask-task1-v0';

/** A TCP proxy whose open connections can be cut at once (new connections still go through). */
async function startProxy(target: string) {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    address: `127.0.0.1:${address.port}`,
    cut: () => { for (const s of sockets) s.destroy(); },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

async function rollout(env: RemoteVectorEnv, steps: number, onStep?: (k: number) => void): Promise<{ obs: Float32Array[]; lost: number }> {
  const rng = new AgentRng(11);
  const out: Float32Array[] = [await env.start()];
  let lost = 0;
  for (let k = 0; k < steps; k++) {
    const actions = Float32Array.from({ length: env.count * env.spec.actDim }, () => rng.uniform() * 2 - 1);
    const pending = env.stepAutoReset(actions);
    onStep?.(k);
    const r = await pending;
    lost += r.lost.reduce((a, b) => a + b, 0);
    out.push(r.nextObservations, r.observations);
  }
  return { obs: out, lost };
}

test('a dropped stream is re-attached and the step re-sent; the trajectory matches an undisturbed run', { timeout: 90_000 }, async () => {
  const server = await startServerProcess();
  const proxy = await startProxy(server.address);
  const events: string[] = [];
  const direct = await RemoteVectorEnv.connect({ servers: [server.address], envId: ENV_ID, count: 3, seed: 4, taskId: 1 });
  const viaProxy = await RemoteVectorEnv.connect({
    servers: [proxy.address], envId: ENV_ID, count: 3, seed: 4, taskId: 1, retryDelayMs: 50, log: (l) => events.push(l),
  });
  try {
    const reference = await rollout(direct, 40);
    const disturbed = await rollout(viaProxy, 40, (k) => { if (k === 10 || k === 25) proxy.cut(); });
    assert.equal(disturbed.lost, 0, `episodes were lost: ${events.join('\n')}`);
    assert.ok(viaProxy.streamsOpened >= 3, `the stream was re-opened after each cut (${viaProxy.streamsOpened} streams)`);
    assert.ok(viaProxy.stats.reattaches >= 1, `re-attached: ${events.join('\n')}`);
    assert.equal(disturbed.obs.length, reference.obs.length);
    disturbed.obs.forEach((o, i) => assert.deepEqual(o, reference.obs[i], `observation block ${i} differs`));
  } finally {
    await direct.close();
    await viaProxy.close();
    await proxy.close();
    await server.stop();
  }
});
