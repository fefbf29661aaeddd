// The PyTorch anchor of the agent benchmark computes our Q-Flow update: from the same weights, batches and random
// draws, two updates give the same metrics (losses, targets, guidance, gradient norms), the same Adam moments
// (the gradients) and the same weights and targets. Skipped when /usr/bin/python3 cannot import torch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { createAgent, makeAgentConfig, PRESET_NAMES, type AgentConfig, type Batch } from '../src/algorithms/index.js';
import { seedFor } from '../src/nn/index.js';
import { runTorchCheck, torchPresetConfig, torchStatus, type TensorJson, type TorchCheckInput } from '../bench/torch-anchor.js';
import { randomBatch } from './random-batch.js';

const OBS = 29, ACT = 8, B = 32, SEED = 7, STEPS = 2;
// Float32 on both sides, different summation orders and fused ops (PyTorch's Adam and EMA are lerp/addcdiv):
// measured differences are ~3e-7 relative (metrics), ~1e-6 of a step (moments) and one rounding of a weight.
const METRIC_RTOL = 1e-5;
const TENSOR_RTOL = 1e-3;
const ULPS = 4;
const torch = torchStatus();
const skip = torch.ok ? false : `PyTorch unavailable: ${torch.reason}`;

await selectBackend('cpu', () => {});

const makeBatch = (seed: number): Batch => randomBatch(seed, B, OBS, ACT, 5);

/**
 * The random inputs of Q-Flow update number `step`, drawn as FlowAgent does (noise() and uniformTimes() in
 * flow-agent.ts: one tfjs draw per stream, seeded by seedFor(agent seed, step, stream)). tfjs draws on the JS
 * side, so these equal the agent's own draws on every backend; if the agent's streams change, the losses below
 * stop matching.
 */
function qflowDraws(step: number): Record<string, number[]> {
  const draw = (stream: string, uniform: boolean) => tf.tidy(() => Array.from((uniform
    ? tf.randomUniform([B, 1], 0, 1, 'float32', seedFor(SEED, step, stream))
    : tf.randomNormal([B, ACT], 0, 1, 'float32', seedFor(SEED, step, stream))).dataSync()));
  return {
    'critic/next_noise': draw('critic/next_noise', false),
    'inner/noise': draw('inner/noise', false),
    'inner/time': draw('inner/time', true),
    'actor/noise': draw('actor/noise', false),
    'actor/time': draw('actor/time', true),
  };
}

function plain(tensors: Record<string, { shape: number[]; data: Float32Array }>): Record<string, TensorJson> {
  return Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }]));
}

const maxAbs = (xs: ArrayLike<number>) => Array.from(xs).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
/** Spacing of float32 values at magnitude |x|. */
const ulp = (x: number) => (x === 0 ? 0 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));

test('qflow_update.py: from the same weights, batches and draws, PyTorch and our update agree', { skip }, async () => {
  // Small nets (fast), the presets' ensemble and flow steps, LayerNorm critics, time embedding, antmaze's dims.
  const config: AgentConfig = makeAgentConfig('qflow', { preset: 'cpu', overrides: { actorHiddenDims: [64, 64], valueHiddenDims: [48, 48], batchSize: B } });
  const agent = createAgent('qflow', config, OBS, ACT, SEED);
  const initial = (await agent.getState()).tensors; // await: also right if the Agent API turns async
  const input: TorchCheckInput = { config, obsDim: OBS, actDim: ACT, tensors: plain(initial), steps: [] };
  const ours: Record<string, number>[] = [];
  for (let step = 0; step < STEPS; step++) {
    const batch = makeBatch(100 + step);
    input.steps.push({
      batch: { size: B, observations: [...batch.observations], actions: [...batch.actions], rewards: [...batch.rewards], masks: [...batch.masks], nextObservations: [...batch.nextObservations] },
      draws: qflowDraws(agent.step),
    });
    ours.push(await agent.update(batch));
  }
  const final = (await agent.getState()).tensors;
  agent.dispose();

  const theirs = runTorchCheck(input);
  for (let step = 0; step < STEPS; step++) {
    const [mine, other] = [ours[step]!, theirs.steps[step]!];
    assert.deepEqual(Object.keys(other).sort(), Object.keys(mine).sort(), `step ${step}: the same metrics`);
    for (const [name, value] of Object.entries(mine)) {
      assert.ok(Math.abs(value - other[name]!) <= METRIC_RTOL * Math.abs(value) + 1e-6, `step ${step} ${name}: ours ${value}, PyTorch ${other[name]}`);
    }
  }
  // Weights, targets and Adam moments after both steps. Each tensor's distance is measured against how far the
  // two updates moved it (an Adam step moves a weight by about lr, an EMA step a target by about τ·lr ≈ 50 ulps).
  for (const [name, rec] of Object.entries(final)) {
    if (name === 'adam/count') continue;
    const other = theirs.tensors[name];
    assert.ok(other, `PyTorch returns no tensor '${name}'`);
    assert.deepEqual(other.shape, rec.shape, `${name}: shape`);
    const start = initial[name]!.data;
    const moved = maxAbs(rec.data.map((x, i) => x - start[i]!));
    const apart = maxAbs(rec.data.map((x, i) => x - other.data[i]!));
    assert.ok(moved > 0, `${name} did not move`);
    const tolerance = TENSOR_RTOL * moved + ULPS * ulp(maxAbs(rec.data));
    assert.ok(apart <= tolerance, `${name}: moved ${moved} by our update, ${apart} away from PyTorch's (tolerance ${tolerance})`);
  }
  assert.deepEqual(theirs.tensors['adam/count']!.data, [...final['adam/count']!.data]);
});

test("qflow_update.py's built-in presets are the agent's", { skip }, () => {
  for (const preset of PRESET_NAMES) {
    const ours = new Map<string, unknown>(Object.entries(makeAgentConfig('qflow', { preset })));
    for (const [key, value] of Object.entries(torchPresetConfig(preset))) assert.deepEqual(value, ours.get(key), `${preset}.${key}`);
  }
});
