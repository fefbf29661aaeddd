// A fleet across hosts: three env servers, each in its own network namespace with its own address, and the agent in
// a fourth, all joined by a bridge. In the agent's namespace one name resolves to the three server addresses
// (`--env-servers dns:///envs.fleet.test:50051`); the online loop spreads its envs over them; one server process
// is killed mid-episode. Training goes on on the other two, and, as in remote-failover.test.ts, exactly that
// server's running episodes are lost: none of their transitions enters the replay buffer. Needs root for
// `ip netns` (skipped, with the reason, where namespaces cannot be made).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess, type ServerProcess } from './env-server-process.js';
import { TestNetwork } from './network-namespaces.js';

const NAME = 'envs.fleet.test';
const PORT = 50051;
const CHILD = fileURLToPath(new URL('./fleet-agent-child.js', import.meta.url));

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const unavailable = TestNetwork.unavailable();

test('servers on three hosts behind one name; one dies mid-run; training goes on without its unfinished episodes',
  { timeout: 120_000, skip: unavailable && `network namespaces unavailable here: ${unavailable}` }, async () => {
    const network = new TestNetwork(4);
    const [agentHost, ...serverHosts] = network.hosts as [typeof network.hosts[0], ...typeof network.hosts];
    const out = mkdtempSync(join(tmpdir(), 'qflow-fleet-'));
    let servers: ServerProcess[] = [];
    try {
      servers = await Promise.all(serverHosts.map((host) => startServerProcess(['--host', host.address], {
        port: PORT, wrap: (argv) => network.command(host, argv),
      })));
      assert.deepEqual(servers.map((s) => s.address), serverHosts.map((h) => `${h.address}:${PORT}`));
      network.setHosts(agentHost, NAME, serverHosts.map((h) => h.address));
      const victim = servers[1]!;

      const [command, args] = network.command(agentHost, [process.execPath, CHILD, `dns:///${NAME}:${PORT}`, String(victim.child.pid), victim.address, out]);
      const child = await run(command, args);
      assert.equal(child.code, 0, `agent run failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!);

      assert.deepEqual(r.servers, servers.map((s) => s.address), 'the name resolved to every server, each its own address');
      assert.deepEqual(new Set(r.placementBefore), new Set(r.servers), 'every server held envs');
      assert.deepEqual(r.victimSlots, [1, 4]);
      assert.equal(victim.child.signalCode, 'SIGKILL', 'the victim was killed mid-run');
      assert.equal(r.envSteps, 6 * 260, 'training went on to the end');
      assert.deepEqual(r.serversAfter.sort(), [servers[0]!.address, servers[2]!.address].sort(), 'the dead server was dropped');
      assert.equal(r.placementAfter.includes(victim.address), false, 'its envs moved to the survivors');
      assert.ok(r.events.some((e: string) => e.includes(`${victim.address} is gone`)), `failover logged: ${r.events.join('\n')}`);

      assert.deepEqual(r.lostSlots, r.victimSlots, 'exactly the killed server\'s running episodes were lost');
      assert.equal(r.lostEpisodes, r.victimSlots.length);
      assert.equal(r.droppedTransitions, r.lostRows);
      assert.ok(r.droppedTransitions > 0);
      assert.equal(r.lostRowsInBuffer, 0, 'a lost episode\'s transition is in the buffer');
      assert.equal(r.bufferSize, 1 + r.committedTransitions, 'the buffer holds the seed row and the completed episodes only');
      assert.ok(r.victimCompletedRows >= 2 * 200, 'the killed server\'s completed episodes were recorded');
      assert.equal(r.victimCompletedRowsInBuffer, r.victimCompletedRows, 'and they entered the buffer');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      network.remove();
      rmSync(out, { recursive: true, force: true });
    }
  });
