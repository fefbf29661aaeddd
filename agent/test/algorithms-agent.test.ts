// The Agent contract: updates, targets, state round trips, memory, configs and input errors (tiny nets, cpu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { AGENT_KINDS, createAgent, makeAgentConfig, updateFlops, type AgentKind, type AgentState, type Batch } from '../src/algorithms/index.js';
import { randomBatch } from './random-batch.js';

await selectBackend('cpu', () => {});

const S = 5, A = 2, B = 8;
const tiny = { actorHiddenDims: [16, 16], valueHiddenDims: [16, 16], batchSize: B, flowSteps: 3, timeEmbedDim: 4 };

const makeBatch = (seed: number): Batch => randomBatch(seed, B, S, A, 3);

function agentOf(kind: AgentKind, overrides = {}, seed = 1) {
  return createAgent(kind, makeAgentConfig(kind, { preset: 'cpu', overrides: { ...tiny, ...overrides } }), S, A, seed);
}

const EXPECTED_METRICS: Record<AgentKind, string[]> = {
  qflow: ['critic_loss', 'inner_loss', 'actor_loss', 'q_mean', 'v_mean', 'guidance_norm', 'grad_norm', 'grad_norm/critic', 'grad_norm/inner', 'grad_norm/actor'],
  bptt: ['critic_loss', 'inner_loss', 'actor_loss', 'bc_loss', 'q_loss', 'grad_norm/actor'],
  fql: ['critic_loss', 'actor_loss', 'bc_loss', 'distill_loss', 'q_loss', 'grad_norm/actor', 'grad_norm/onestep'],
  bc: ['actor_loss', 'grad_norm/actor'],
};

for (const kind of AGENT_KINDS) {
  test(`${kind}: updates change the weights, report finite metrics and leak no tensors`, async () => {
    const agent = agentOf(kind);
    const before = (await agent.getState()).tensors['param/actor/l0/w']!.data;
    await agent.update(makeBatch(1));
    const tensorsAfterFirst = tf.memory().numTensors;
    let metrics: Record<string, number> = {};
    for (let i = 0; i < 4; i++) metrics = await agent.update(makeBatch(2 + i));
    assert.equal(tf.memory().numTensors, tensorsAfterFirst, 'tensor count stable across updates');
    assert.equal(agent.step, 5);
    for (const key of EXPECTED_METRICS[kind]) assert.ok(Number.isFinite(metrics[key]), `${key} = ${metrics[key]}`);
    const perNetwork = Object.entries(metrics).filter(([k]) => k.startsWith('grad_norm/')).map(([, v]) => v);
    assert.ok(Math.abs(metrics.grad_norm! - Math.hypot(...perNetwork)) < 1e-4 * metrics.grad_norm!, 'global norm of the per-network norms');
    assert.notDeepEqual((await agent.getState()).tensors['param/actor/l0/w']!.data, before);
    const actions = await agent.act(makeBatch(9).observations.subarray(0, 3 * S), 3, 42);
    assert.equal(tf.memory().numTensors, tensorsAfterFirst, 'act leaks no tensors');
    assert.equal(actions.length, 3 * A);
    assert.ok(actions.every((a) => a >= -1 && a <= 1));
    const count = tf.memory().numTensors;
    agent.dispose();
    assert.ok(tf.memory().numTensors < count, 'dispose frees the variables');
  });
}

test('the same seed gives the same agent; another seed a different one; act is a function of its seed', async () => {
  const [a, b, c] = [agentOf('qflow', {}, 7), agentOf('qflow', {}, 7), agentOf('qflow', {}, 8)];
  const obs = makeBatch(3).observations.subarray(0, 4 * S);
  assert.deepEqual(await a.act(obs, 4, 1), await b.act(obs, 4, 1));
  assert.notDeepEqual(await a.act(obs, 4, 1), await a.act(obs, 4, 2));
  assert.notDeepEqual(await a.act(obs, 4, 1), await c.act(obs, 4, 1));
  assert.deepEqual(await a.update(makeBatch(4)), await b.update(makeBatch(4)));
  [a, b, c].forEach((x) => x.dispose());
});

function tensorsOf(state: AgentState, prefix: string) {
  return Object.entries(state.tensors).filter(([k]) => k.startsWith(prefix));
}

test('targets move by exactly τ toward the pre-update params (and toward post-update ones with the option)', async () => {
  for (const post of [false, true]) {
    const agent = agentOf('qflow', { tau: 0.3, emaFromPostUpdate: post });
    await agent.update(makeBatch(1));
    const before = await agent.getState();
    await agent.update(makeBatch(2));
    const after = await agent.getState();
    const pairs = [...tensorsOf(before, 'param/target_critic/'), ...tensorsOf(before, 'param/target_inner/')];
    assert.ok(pairs.length > 0);
    for (const [name, targetBefore] of pairs) {
      const online = name.replace('target_', '');
      const source = (post ? after : before).tensors[online]!.data;
      const got = after.tensors[name]!.data;
      for (let i = 0; i < got.length; i++) {
        const expected = 0.3 * source[i]! + 0.7 * targetBefore.data[i]!;
        assert.ok(Math.abs(got[i]! - expected) < 1e-6, `${name}[${i}] (post=${post}): ${got[i]} vs ${expected}`);
      }
    }
    agent.dispose();
  }
});

test('dropTargetInnerCritic removes the unused target inner critic', async () => {
  const kept = agentOf('qflow');
  const dropped = agentOf('qflow', { dropTargetInnerCritic: true });
  assert.ok(tensorsOf(await kept.getState(), 'param/target_inner/').length > 0);
  assert.equal(tensorsOf(await dropped.getState(), 'param/target_inner/').length, 0);
  kept.dispose();
  dropped.dispose();
});

for (const kind of AGENT_KINDS) {
  test(`${kind}: getState/setState round trip gives identical actions and an identical next update`, async () => {
    const a = agentOf(kind, {}, 3);
    await a.update(makeBatch(1));
    await a.update(makeBatch(2));
    const state = structuredClone(await a.getState());
    const b = agentOf(kind, {}, 99); // different initial weights and seed: the state overrides both
    b.setState(state);
    assert.equal(b.step, 2);
    const obs = makeBatch(5).observations.subarray(0, 2 * S);
    assert.deepEqual(await b.act(obs, 2, 11), await a.act(obs, 2, 11));
    assert.deepEqual(await b.update(makeBatch(3)), await a.update(makeBatch(3)));
    const [sa, sb] = [await a.getState(), await b.getState()];
    for (const name of Object.keys(sa.tensors)) assert.deepEqual(sb.tensors[name]!.data, sa.tensors[name]!.data, name);
    a.dispose();
    b.dispose();
  });
}

test('setState rejects another kind and mismatched shapes', async () => {
  const a = agentOf('qflow');
  const bc = agentOf('bc');
  const state = await a.getState();
  assert.throws(() => bc.setState(state), /cannot load a 'qflow' state into a 'bc' agent/);
  const wide = agentOf('qflow', { valueHiddenDims: [32, 16] });
  assert.throws(() => wide.setState(state), /critic\/e0\/l0\/w' has shape/);
  [a, bc, wide].forEach((x) => x.dispose());
});

test('bad batches get clear errors and leave the agent unchanged', async () => {
  const agent = agentOf('qflow');
  const good = makeBatch(1);
  await assert.rejects(agent.update({ ...good, actions: new Float32Array(3) }), /batch\.actions has 3 values; expected 16 \(\[8, 2\]\)/);
  const nan = { ...good, rewards: Float32Array.from(good.rewards) };
  nan.rewards[2] = NaN;
  await assert.rejects(agent.update(nan), /batch\.rewards\[2\] is NaN/);
  await assert.rejects(agent.act(new Float32Array(4), 1, 0), /observations has 4 values; expected 5/);
  assert.equal(agent.step, 0);
  agent.dispose();
});

test('configs: presets, per-task defaults, overrides, and clear errors', async () => {
  const paper = makeAgentConfig('qflow');
  assert.deepEqual(paper.actorHiddenDims, [512, 512, 512, 512]);
  assert.equal(paper.batchSize, 256);
  assert.equal(paper.flowSteps, 10);
  const giant = makeAgentConfig('qflow', { envName: 'antmaze-giant-navigate-singletask-task3-v0' });
  assert.deepEqual([giant.guidanceLambda, giant.qAgg, giant.discount, giant.useTimeEmbed, giant.timeEmbedDim], [0.2, 'min', 0.995, true, 16]);
  assert.equal(makeAgentConfig('qflow', { envName: 'puzzle-4x4-play-v0' }).guidanceLambda, 20);
  assert.equal(makeAgentConfig('fql', { envName: 'puzzle-3x3-play-singletask-v0' }).alpha, 1000);
  assert.equal(makeAgentConfig('qflow', { envName: 'cube-double-play-v0', overrides: { guidanceLambda: 3 } }).guidanceLambda, 3);
  assert.equal(makeAgentConfig('bc', { overrides: { numEnsembles: 1 } }).numEnsembles, 1);
  assert.throws(() => makeAgentConfig('qflow', { overrides: { numEnsembles: 1 } }), /numEnsembles = 1; expected at least 2/);
  assert.throws(() => makeAgentConfig('qflow', { overrides: { qAgg: 'max' as never } }), /qAgg = "max"; expected 'mean' or 'min'/);
  assert.throws(() => makeAgentConfig('qflow', { overrides: { lamda: 1 } as never }), /lamda = 1; expected no such option/);
  assert.throws(() => makeAgentConfig('qflow', { preset: 'gpu' as never }), /unknown preset 'gpu'; valid choices: paper, cpu/);
  const json = JSON.parse(JSON.stringify(makeAgentConfig('fql', { preset: 'cpu' })));
  assert.deepEqual(makeAgentConfig('fql', { preset: 'cpu', overrides: json }), json, 'a config round-trips through JSON');
});

test('inner loss per member is never below the aggregated loss (Jensen), same init and draws', async () => {
  const aggregated = agentOf('qflow', {}, 4);
  const perMember = agentOf('qflow', { innerLossPerMember: true }, 4);
  const [a, p] = [await aggregated.update(makeBatch(1)), await perMember.update(makeBatch(1))];
  assert.equal(a.critic_loss, p.critic_loss, 'only the inner loss differs');
  assert.ok(p.inner_loss! > a.inner_loss!, `${p.inner_loss} > ${a.inner_loss}`);
  aggregated.dispose();
  perMember.dispose();
});

test('Q-Flow with a huge λ has the flow-BC actor loss; a small λ changes it', async () => {
  const actorLoss = async (kind: AgentKind, overrides = {}) => {
    const agent = agentOf(kind, overrides, 6);
    const loss = (await agent.update(makeBatch(2))).actor_loss!;
    agent.dispose();
    return loss;
  };
  const bc = await actorLoss('bc');
  const weak = await actorLoss('qflow', { guidanceLambda: 1e8 });
  const strong = await actorLoss('qflow', { guidanceLambda: 0.01 });
  assert.ok(Math.abs(weak - bc) < 1e-5 * bc, `${weak} vs ${bc}`);
  assert.ok(Math.abs(strong - bc) > 1e-3, `${strong} vs ${bc}`);
});

test('q_agg min and BPTT with normalizeQLoss run and stay finite', async () => {
  for (const [kind, overrides] of [['qflow', { qAgg: 'min' }], ['bptt', { normalizeQLoss: true }], ['fql', { qAgg: 'min', normalizeQLoss: true }]] as const) {
    const agent = agentOf(kind, overrides);
    const m = await agent.update(makeBatch(3));
    for (const [k, v] of Object.entries(m)) assert.ok(Number.isFinite(v), `${kind} ${k} = ${v}`);
    agent.dispose();
  }
});

test('updateFlops counts 2·m·k·n per product: BC by hand, Q-Flow at the paper preset ≈ 18 GFLOP (docs/algorithm.md#update-cost)', async () => {
  const c = makeAgentConfig('bc', { overrides: { actorHiddenDims: [4], batchSize: 10 } });
  // actor [2+1+1 → 4 → 1] at B = 10: forward 2·10·(4·4 + 4·1) = 400; forward + backward = 3× that
  assert.equal(updateFlops('bc', c, 2, 1).total, 1200);
  const q = updateFlops('qflow', makeAgentConfig('qflow'), 29, 8);
  assert.ok(Math.abs(q.total / 1e9 - 17.83) < 0.01, `${q.total / 1e9} GFLOP`);
  assert.equal(q.total, 23 * q.actorForward + 5 * q.criticForward + 5 * q.innerForward);
});

test('validationMetrics reports the update metrics without changing the agent', async () => {
  const agent = agentOf('qflow');
  await agent.update(makeBatch(1));
  const before = await agent.getState();
  const count = tf.memory().numTensors;
  const metrics = await agent.validationMetrics!(makeBatch(2));
  for (const key of EXPECTED_METRICS.qflow) assert.ok(Number.isFinite(metrics[key]), key);
  assert.equal(tf.memory().numTensors, count, 'no tensor leak');
  const after = await agent.getState();
  assert.equal(after.step, 1);
  for (const name of Object.keys(before.tensors)) assert.deepEqual(after.tensors[name]!.data, before.tensors[name]!.data, name);
  const twin = agentOf('qflow');
  await twin.update(makeBatch(1));
  assert.deepEqual(await agent.update(makeBatch(3)), await twin.update(makeBatch(3)), 'training draws are unaffected');
  agent.dispose();
  twin.dispose();
});
