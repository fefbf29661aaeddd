// The online loop's JSONL figures for fleets (env step latency, env servers and envs, committed / dropped
// transitions, lost episodes) and the agent's Prometheus metrics built from the same records (`--metrics-port`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveMetrics } from '@qflow/proto';
import { trainOnline } from '../src/online/online-training.js';
import type { OnlineEnv, OnlineStepResult } from '../src/envs/vector-env.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import { AgentMetrics } from '../src/reports/agent-metrics.js';
import type { MetricsRecord } from '../src/reports/metrics-log.js';
import { randomAgent } from './online-recording.js';

const WAIT_PER_STEP_MS = 4;

/** Two envs whose episodes last 5 steps; each step "waits" 4 ms; at step 7 env 1's episode is lost with its server. */
function fleetEnv(): OnlineEnv & { stepsTaken: number } {
  const count = 2;
  let t = 0;
  const servers = ['10.0.0.1:50051', '10.0.0.2:50051'];
  const env = {
    spec: { obsDim: 1, actDim: 1, maxEpisodeSteps: 5, taskIds: [1] }, count, waitMs: 0, stepsTaken: 0,
    get servers() { return servers; },
    start: async () => new Float32Array(count),
    async stepAutoReset(): Promise<OnlineStepResult> {
      t++;
      env.waitMs += WAIT_PER_STEP_MS;
      const lost = new Uint8Array(count);
      if (t === 7) {
        lost[1] = 1;
        servers.pop();
      }
      const ended = Uint8Array.from({ length: count }, () => (t % 5 === 0 ? 1 : 0));
      const obs = Float32Array.from({ length: count }, (_, i) => t * 10 + i);
      return { rewards: new Float32Array(count), terminated: new Uint8Array(count), truncated: ended, success: new Uint8Array(count), lost, observations: obs, nextObservations: obs };
    },
    close: async () => {},
  };
  return env;
}

test('online train lines carry env step latency, servers, envs, committed and dropped transitions, lost episodes', async () => {
  const out = mkdtempSync(join(tmpdir(), 'qflow-online-metrics-'));
  try {
    const buffer = new TransitionDataset(1, 1, 100);
    buffer.add({ observation: [0], action: [0], reward: 0, mask: 1, nextObservation: [0] });
    const seen: MetricsRecord[] = [];
    const res = await trainOnline({
      agent: randomAgent(1, 1), buffer, env: fleetEnv(), envSteps: 20, batchSize: 2, seed: 1, outDir: out,
      logInterval: 10, evalInterval: 0, config: {}, progress: false, onRecord: (r) => seen.push(r),
    });
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(seen.map((r) => r.type), lines.map((l) => l.type), 'onRecord sees every record');
    const train = lines.filter((l) => l.type === 'train');
    assert.equal(train.length, 2);
    assert.deepEqual(train.map((l) => l.envStepLatencyMs), [WAIT_PER_STEP_MS, WAIT_PER_STEP_MS], 'mean wait per vector step, per interval');
    assert.deepEqual(train.map((l) => l.envServers), [2, 1], 'a server was lost at step 7');
    assert.deepEqual(train.map((l) => l.liveEnvs), [2, 2]);
    // Lines after 5 and 10 vector steps. Steps 1-5: both episodes complete (10 rows). Step 7: env 1's episode
    // (its step-6 row) is lost; steps 6-10: env 0 completes 5 rows, env 1 a new episode of steps 8-10 (3 rows).
    assert.deepEqual(train.map((l) => l.lostEpisodes), [0, 1]);
    assert.deepEqual(train.map((l) => l.droppedTransitions), [0, 1]);
    assert.deepEqual(train.map((l) => l.committedTransitions), [10, 18]);
    assert.equal(train[1].committedTransitions, res.committedTransitions);
    assert.equal(train[1].droppedTransitions, res.droppedTransitions);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the agent\'s Prometheus metrics are the latest JSONL figures per phase and the counted events', async () => {
  const metrics = new AgentMetrics();
  metrics.record({ type: 'train', step: 10, phase: 'online', envSteps: 100, envStepLatencyMs: 3.5, note: 'text is skipped' });
  metrics.record({ type: 'train', step: 20, phase: 'online', envSteps: 200, envStepLatencyMs: 2.5 });
  metrics.record({ type: 'train', step: 5, loss: 0.25 });
  metrics.record({ type: 'eval', step: 20, phase: 'online', success: 0.4 });
  metrics.record({ type: 'info', step: 20, event: 'episodes-lost', count: 3 });
  metrics.record({ type: 'info', step: 21, event: 'episodes-lost', count: 2 });
  const endpoint = await serveMetrics(metrics, '127.0.0.1', 0);
  try {
    const response = await fetch(`http://${endpoint.address}/metrics`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^qflow_agent_train\{phase="online",metric="envSteps"\} 200$/m);
    assert.match(text, /^qflow_agent_train\{phase="online",metric="envStepLatencyMs"\} 2\.5$/m);
    assert.match(text, /^qflow_agent_train\{phase="online",metric="step"\} 20$/m);
    assert.match(text, /^qflow_agent_train\{phase="offline",metric="loss"\} 0\.25$/m);
    assert.match(text, /^qflow_agent_eval\{phase="online",metric="success"\} 0\.4$/m);
    assert.match(text, /^qflow_agent_events_total\{event="episodes-lost"\} 5$/m);
    assert.doesNotMatch(text, /metric="note"/);
  } finally {
    await endpoint.close();
  }
});
