import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { TOY_PRESETS, type ToyConfig } from '../src/toy/toy-config.js';
import { runToyStudy } from '../src/toy/toy-study.js';
import { writeToyReport } from '../src/toy/toy-report.js';
import { main as toyMain } from '../src/cli/toy-command.js';

const tiny: ToyConfig = {
  ...TOY_PRESETS.scaled, hidden: 8, layers: 1, batchSize: 32, dataSize: 256, bcSteps: 6, guidedSteps: 3,
  lambdas: [0.5, 2], samples: 40, gridSize: 6, gradNormEvery: 1,
};

test('toy study: a tiny run writes the SVG and a JSON with the named fields', { timeout: 60_000 }, async (t) => {
  await selectBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'qflow-toy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const result = runToyStudy({ dataset: 'two_spirals', methods: ['qflow', 'fql', 'bptt'], config: tiny, seed: 1 });
  const files = writeToyReport(result, dir, { preset: 'tiny' });
  const json = JSON.parse(readFileSync(files.json, 'utf8'));
  assert.equal(json.dataset, 'two_spirals');
  assert.equal(json.supportDistance, 0.1);
  assert.match(json.supportDefinition, /within supportDistance/);
  for (const key of ['meanReward', 'onSupport']) assert.equal(typeof json.bc[key], 'number');
  for (const m of ['qflow', 'fql', 'bptt']) {
    assert.deepEqual(json.methods[m].map((p: { lambda: number }) => p.lambda), [2, 0.5], `${m}: λ decreasing`);
    for (const p of json.methods[m]) {
      assert.ok(p.meanReward >= 0 && p.meanReward <= 1);
      assert.ok(p.onSupport >= 0 && p.onSupport <= 1);
    }
  }
  for (const p of json.methods.bptt) {
    assert.equal(p.gradNorm.series.length, tiny.guidedSteps);
    assert.ok(p.gradNorm.series.every((g: { norm: number }) => g.norm > 0 && Number.isFinite(g.norm)));
  }
  assert.equal(result.bc.samples.length, 2 * tiny.samples);
  assert.equal(result.methods.qflow![0]!.landscape!.length, tiny.gridSize ** 2);
  const svg = readFileSync(files.svg, 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>$/);
  for (const label of ['Q-Flow', 'FQL', 'BPTT', 'BC (warm-up)', 'λ = 2', 'λ = 0.5', 'V(x, t=1)']) assert.ok(svg.includes(label), label);
  // One circle per sample in each of the 1 + 3×2 policy panels, on top of the data points.
  assert.ok((svg.match(/<circle/g) ?? []).length >= 7 * tiny.samples);
});

test('toy study: branches start from the same warm-up; the same seed reproduces the metrics', async () => {
  await selectBackend('cpu');
  const config = { ...tiny, guidedSteps: 0, lambdas: [1, 3] };
  const tensorsBefore = tf.memory().numTensors;
  const a = runToyStudy({ dataset: 'moons', methods: ['qflow'], config, seed: 2 });
  // With no guided updates every λ branch is the BC warm-up itself.
  for (const p of a.methods.qflow!) assert.deepEqual(p.samples, a.bc.samples);
  const b = runToyStudy({ dataset: 'moons', methods: ['qflow'], config, seed: 2 });
  assert.deepEqual(b.bc.samples, a.bc.samples);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'the study frees every tensor it creates');
});

test('qflow toy: bad flag values are rejected naming the valid choices', async () => {
  const errors: string[] = [];
  const orig = console.error;
  console.error = (m: string) => { errors.push(m); };
  try {
    assert.equal(await toyMain(['--dataset', 'spiral']), 2);
    assert.equal(await toyMain(['--methods', 'qflow,sac']), 2);
    assert.equal(await toyMain(['--lambdas', '1,-2']), 2);
    assert.equal(await toyMain(['--hidden', '7']), 2);
  } finally {
    console.error = orig;
  }
  assert.match(errors[0]!, /--dataset: unknown value 'spiral'; valid choices: moons, two_spirals, swissroll, eight_gaussians/);
  assert.match(errors[1]!, /--methods: unknown value 'sac'; valid choices: qflow, fql, bptt/);
  assert.match(errors[2]!, /--lambdas: '-2' is not a positive number/);
  assert.match(errors[3]!, /--hidden: '7' must be even/);
});
