// Env ids of the antmaze family in the registry: canonical ids, aliases, specs, and errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpecs, resolveEnvId } from '../src/envs/registry.js';

describe('antmaze in the env registry', () => {
  test('lists antmaze-{medium,large,giant,teleport}-singletask-task{1..5}-v0 with their specs', () => {
    const specs = envSpecs().filter((spec) => spec.family === 'antmaze');
    const ids = specs.map((spec) => spec.id).sort();
    const expected = ['giant', 'large', 'medium', 'teleport'].flatMap((maze) =>
      [1, 2, 3, 4, 5].map((task) => `antmaze-${maze}-singletask-task${task}-v0`),
    );
    assert.deepEqual(ids, expected.sort());
    for (const spec of specs) {
      assert.equal(spec.defaultTask, Number(/task(\d)/.exec(spec.id)![1]));
      assert.equal(spec.numTasks, 5);
      assert.equal(spec.maxEpisodeSteps, 1000);
      assert.deepEqual(spec.observation, { shape: [29], dtype: 'float64' });
      assert.deepEqual(spec.action.shape, [8]);
      assert.deepEqual(spec.action.low, Array(8).fill(-1));
      assert.deepEqual(spec.action.high, Array(8).fill(1));
    }
  });

  test('lists the OGBench datasets of each maze (no giant explore)', () => {
    const datasetsOf = (id: string) => envSpecs().find((spec) => spec.id === id)!.datasets;
    assert.deepEqual(datasetsOf('antmaze-large-singletask-task2-v0'), [
      'antmaze-large-navigate-v0',
      'antmaze-large-stitch-v0',
      'antmaze-large-explore-v0',
    ]);
    assert.deepEqual(datasetsOf('antmaze-giant-singletask-task1-v0'), ['antmaze-giant-navigate-v0', 'antmaze-giant-stitch-v0']);
    assert.ok(datasetsOf('antmaze-teleport-singletask-task5-v0').includes('antmaze-teleport-explore-v0'));
  });

  test('resolves the default-task alias and dataset-style ids to the canonical id', () => {
    assert.equal(resolveEnvId('antmaze-large-singletask-task3-v0'), 'antmaze-large-singletask-task3-v0');
    assert.equal(resolveEnvId('antmaze-large-singletask-v0'), 'antmaze-large-singletask-task1-v0');
    assert.equal(resolveEnvId('antmaze-giant-navigate-singletask-v0'), 'antmaze-giant-singletask-task1-v0');
    assert.equal(resolveEnvId('antmaze-medium-navigate-singletask-task4-v0'), 'antmaze-medium-singletask-task4-v0');
    assert.equal(resolveEnvId('antmaze-teleport-stitch-singletask-task2-v0'), 'antmaze-teleport-singletask-task2-v0');
  });

  test('rejects unknown ids with a message naming the id and the valid ones', () => {
    for (const bad of ['antmaze-huge-singletask-v0', 'antmaze-large-singletask-task6-v0', 'antmaze-giant-explore-singletask-v0', '']) {
      assert.throws(
        () => resolveEnvId(bad),
        (error: Error) => error.message.includes(`'${bad}'`) && error.message.includes('antmaze-large-singletask-task1-v0'),
      );
    }
  });

  test('createEnv builds the env an alias names', async () => {
    const mujoco = await loadMujoco();
    const env = createEnv(mujoco, 'antmaze-medium-navigate-singletask-task2-v0');
    try {
      assert.equal(env.spec.id, 'antmaze-medium-singletask-task2-v0');
      assert.equal(env.reset(0n, 0).length, 29);
    } finally {
      env.dispose();
    }
    assert.throws(() => createEnv(mujoco, 'antmaze-nowhere-v0'), /unknown env id 'antmaze-nowhere-v0'/);
  });
});
