// A real Prometheus (Debian's package; .ci/install-prometheus.sh) scrapes a running server's --metrics-port on
// loopback: the target is up, and the env steps it stored are the steps the test took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_ENV_ID } from './support/server-fake-env.js';
import { actionTensor, Client, eventually, startFakeServer, testAction } from './support/server-harness.js';

const STEPS = 6;
const ENVS = 3;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One instant query against Prometheus' HTTP API: the first sample's value, or undefined when there is none. */
async function query(address: string, promql: string): Promise<number | undefined> {
  const response = await fetch(`http://${address}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = await response.json() as { status: string; data: { result: { value: [number, string] }[] } };
  assert.equal(body.status, 'success', JSON.stringify(body));
  const [first] = body.data.result;
  return first && Number(first.value[1]);
}

test('Prometheus scrapes the server: target up, env steps by env id as taken', { timeout: 60_000 }, async () => {
  const installed = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  assert.ok(!installed.error, 'prometheus is not installed: run .ci/install-prometheus.sh as root (Debian package prometheus)');
  const server = await startFakeServer({ metricsPort: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'qflow-prometheus-'));
  const client = new Client(server.address);
  const web = `127.0.0.1:${await freePort()}`;
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global:', '  scrape_interval: 1s', '  scrape_timeout: 1s',
    'scrape_configs:', '  - job_name: qflow-env-server', '    static_configs:', `      - targets: ['${server.metricsAddress}']`, '',
  ].join('\n'));
  const prometheus = spawn('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${web}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  prometheus.stderr.on('data', (d) => { log = (log + d).slice(-4000); });
  try {
    const { sessionId } = await client.createSession(FAKE_ENV_ID, ENVS, 1n);
    await client.reset(sessionId, [1n, 2n, 3n]);
    for (let t = 0; t < STEPS; t++) {
      await client.step(sessionId, actionTensor(Array.from({ length: ENVS }, (_, i) => testAction(2, i, t, 2))));
    }
    const up = await eventually(async () => {
      const value = await query(web, 'up{job="qflow-env-server"}');
      assert.equal(value, 1);
      return value;
    }, 30_000, 250).catch((error) => { throw new Error(`${(error as Error).message}\nprometheus log:\n${log}`); });
    assert.equal(up, 1);
    const steps = await eventually(async () => {
      const value = await query(web, `qflow_env_steps_total{env_id="${FAKE_ENV_ID}"}`);
      assert.equal(value, STEPS * ENVS);
      return value;
    }, 30_000, 250);
    assert.equal(steps, STEPS * ENVS);
    assert.equal(await query(web, 'qflow_live_envs'), ENVS);
  } finally {
    if (prometheus.exitCode === null && prometheus.signalCode === null) {
      const exited = new Promise((resolve) => prometheus.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    client.dispose();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
