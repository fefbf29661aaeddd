import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../src/backend/index.js';
import { AgentRng } from '../src/random/agent-rng.js';
import { SacAgent } from '../src/sac/sac-agent.js';
import { ReplayBuffer } from '../src/sac/replay-buffer.js';
import { SAC_DEFAULTS, type SacSettings } from '../src/sac/sac-settings.js';
import { expertJson, writeExpertFile } from '../src/sac/expert-export.js';

await selectBackend('cpu', () => {});

const SMALL: SacSettings = { ...SAC_DEFAULTS, actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, lr: 3e-3, startSteps: 0 };
const OBS = 5;
const ACT = 2;

/** A bandit-like buffer: reward = −|a − 0.5|², no bootstrapping. */
function filledBuffer(seed: number): ReplayBuffer {
  const rng = new AgentRng(seed);
  const buf = new ReplayBuffer(1000, OBS, ACT);
  for (let i = 0; i < 300; i++) {
    const obs = Float32Array.from({ length: OBS }, () => rng.normal());
    const act = Float32Array.from({ length: ACT }, () => 2 * rng.uniform() - 1);
    const reward = -act.reduce((s, a) => s + (a - 0.5) ** 2, 0);
    buf.add(obs, act, reward, 0, obs, 0);
  }
  return buf;
}

function run(seed: number, updates: number): { agent: SacAgent; last: Record<string, number> } {
  const agent = new SacAgent(OBS, ACT, SMALL, seed);
  const buf = filledBuffer(7);
  const rng = new AgentRng(seed);
  let last: Record<string, number> = {};
  for (let k = 0; k < updates; k++) last = agent.update(buf.sample(SMALL.batchSize, rng));
  return { agent, last };
}

test('a few hundred SAC updates run, learn the bandit, and are deterministic per seed', () => {
  const a = run(3, 300);
  const b = run(3, 300);
  const c = run(4, 300);
  const sa = a.agent.getState();
  assert.deepEqual(sa.actor.params, b.agent.getState().actor.params);
  assert.deepEqual(sa.critic.targets, b.agent.getState().critic.targets);
  assert.deepEqual(a.last, b.last);
  assert.notDeepEqual(sa.actor.params, c.agent.getState().actor.params);
  for (const v of Object.values(a.last)) assert.ok(Number.isFinite(v));
  assert.ok(a.last.alpha! < 1, `α fell from 1 (got ${a.last.alpha})`);
  const mean = a.agent.act(new Float32Array(OBS), 1);
  for (const m of mean) assert.ok(Math.abs(m - 0.5) < 0.35, `mean action ${m} moved toward the best action 0.5`);
  for (const r of [a, b, c]) r.agent.dispose();
});

test('SAC state round-trips: a restored agent continues with identical updates', () => {
  const buf = filledBuffer(7);
  const a = new SacAgent(OBS, ACT, SMALL, 9);
  const rng = new AgentRng(1);
  for (let k = 0; k < 20; k++) a.update(buf.sample(32, rng));
  const b = new SacAgent(OBS, ACT, SMALL, 9);
  b.setState(a.getState());
  const rngB = AgentRng.fromState(rng.getState());
  assert.deepEqual(a.update(buf.sample(32, rng)), b.update(buf.sample(32, rngB)));
  assert.deepEqual(a.getState().actor.params, b.getState().actor.params);
  assert.throws(() => new SacAgent(OBS + 1, ACT, SMALL, 9).setState(a.getState()), /obs 5 \/ act 2; this agent has obs 6/);
  a.dispose(); b.dispose();
});

test("the exported expert file, run by the env server's dense forward, gives the actor's mean action", async () => {
  const { agent } = run(5, 30);
  const path = join(mkdtempSync(join(tmpdir(), 'sac-expert-')), 'expert.json');
  writeExpertFile(path, expertJson(agent, 'online-ant-xy-v0', { seed: 5 }));
  const modulePath = join(import.meta.dirname, '..', '..', '..', 'env-server', 'dist', 'src', 'experts', 'expert-policy.js');
  const { ExpertPolicy } = await import(pathToFileURL(modulePath).href);
  const expert = ExpertPolicy.load(path);
  const rng = new AgentRng(11);
  const obs = Float32Array.from({ length: 4 * OBS }, () => 2 * rng.normal());
  const agentMean = agent.act(obs, 4);
  for (let i = 0; i < 4; i++) {
    const got: Float32Array = expert.act(obs.subarray(i * OBS, (i + 1) * OBS));
    for (let j = 0; j < ACT; j++) assert.ok(Math.abs(got[j]! - agentMean[i * ACT + j]!) < 2e-6, `row ${i} dim ${j}: ${got[j]} vs ${agentMean[i * ACT + j]}`);
  }
  const json = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(json.layers.map((l: { inputDim: number; outputDim: number }) => [l.inputDim, l.outputDim]), [[OBS, 16], [16, 16], [16, ACT]]);
  json.layers[1].inputDim = 15;
  assert.throws(() => ExpertPolicy.fromJson(json), /layer 1 is \[15, 16\], expected input width 16/);
  agent.dispose();
});
