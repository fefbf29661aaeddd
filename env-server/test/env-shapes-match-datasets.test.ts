// Every single-task env id the server hosts has the observation size, action size and episode length that
// @qflow/datasets records for its environment (the one copy of those facts the env server and the dataset
// registry share).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentShape } from '@qflow/datasets';
import { envSpecs } from '../src/envs/registry.js';

const SINGLE_TASK_ID = /^(.*)-singletask-task\d+-v0$/;

test("every single-task env's spec matches its environment's shape in @qflow/datasets", () => {
  const specs = envSpecs().filter((spec) => SINGLE_TASK_ID.test(spec.id));
  assert.ok(specs.length >= 80, `expected every family's single-task ids, got ${specs.length}`);
  for (const spec of specs) {
    const shape = environmentShape(SINGLE_TASK_ID.exec(spec.id)![1]!);
    assert.deepEqual(spec.observation.shape, [shape.observationDim], `${spec.id} observation`);
    assert.deepEqual(spec.action.shape, [shape.actionDim], `${spec.id} action`);
    assert.equal(spec.maxEpisodeSteps, shape.maxEpisodeSteps, `${spec.id} episode length`);
  }
});

test('an unknown environment is refused with the valid names', () => {
  assert.throws(() => environmentShape('cube-sextuple'), /unknown environment 'cube-sextuple'; valid: antmaze-medium, .*puzzle-4x6/);
});
