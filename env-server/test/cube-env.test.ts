// Cube envs (docs/environments.md#cube-objects): observation sizes, each task's initial state, reward and success,
// ids and bad input.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { CUBE_VARIANTS, cubeTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec } from '../src/envs/registry.js';
import { CubeEnv } from '../src/envs/cube/cube-env.js';

let mujoco: Mujoco;
before(async () => { mujoco = await loadMujoco(); });

const SIZES = { single: 28, double: 37, triple: 46, quadruple: 55 } as const;

test('observation sizes: cube single 28, double 37, triple 46, quadruple 55', () => {
  for (const variant of CUBE_VARIANTS) {
    const env = createEnv(mujoco, `cube-${variant}-singletask-v0`) as CubeEnv;
    try {
      assert.deepEqual(env.spec.observation.shape, [SIZES[variant]]);
      assert.equal(env.reset(1n, 0).length, SIZES[variant]);
      assert.equal(env.step([0, 0, 0, 0, 0]).observation.length, SIZES[variant]);
    } finally {
      env.dispose();
    }
  }
});

test('each task starts with the cubes at its initial positions (±1 cm noise) and targets at its goals', () => {
  for (const variant of CUBE_VARIANTS) {
    const env = createEnv(mujoco, `cube-${variant}-singletask-v0`) as CubeEnv;
    try {
      cubeTasks(variant).forEach((task, k) => {
        const ob = env.reset(BigInt(100 + k), k + 1);
        assert.equal(env.taskId, k + 1);
        task.init.forEach((p, i) => {
          const c = env.cubePos(i);
          assert.ok(Math.abs(c[0] - p[0]) <= 0.01 && Math.abs(c[1] - p[1]) <= 0.01, `${variant} task${k + 1} cube ${i} at ${c}`);
          assert.ok(Math.abs(c[2] - p[2]) < 1e-9);
          assert.deepEqual(env.targetPos(i), task.goal[i]);
          // The observation carries (pos − (0.425, 0, 0)) × 10 of each cube after the 19 proprio entries.
          assert.ok(Math.abs(ob[19 + 9 * i]! - (c[0] - 0.425) * 10) < 1e-12);
        });
        const expected = task.init.filter((p, i) =>
          Math.hypot(p[0] - task.goal[i]![0], p[1] - task.goal[i]![1], p[2] - task.goal[i]![2]) <= 0.04 - 0.015).length;
        assert.ok(env.countSatisfied() >= expected, `${variant} task${k + 1}: ${env.countSatisfied()} cubes start on target`);
      });
    } finally {
      env.dispose();
    }
  }
});

test('reward is #cubes at target − n, evaluated on the state before the action; all on target ⇒ success', () => {
  const env = createEnv(mujoco, 'cube-double-singletask-task2-v0') as CubeEnv;
  try {
    env.reset(5n, 0);
    const first = env.step([0, 0, 0, 0, 0]);
    assert.equal(first.reward, -2);
    assert.equal(first.success, false);
    const t0 = env.targetPos(0);
    env.placeCube(0, t0[0], t0[1], t0[2], 0.3);
    env.sim.forward();
    const one = env.step([0, 0, 0, 0, 0]);
    assert.equal(one.reward, -1);
    const t1 = env.targetPos(1);
    env.placeCube(1, t1[0], t1[1], t1[2], 0);
    env.sim.forward();
    const done = env.step([0, 0, 0, 0, 0]);
    assert.deepEqual([done.reward, done.success, done.terminated], [0, true, true]);
  } finally {
    env.dispose();
  }
});

test('an episode of cube-single truncates at 200 steps', () => {
  const env = createEnv(mujoco, 'cube-single-singletask-task1-v0');
  try {
    env.reset(9n, 1);
    for (let k = 0; k < 200; k++) {
      const result = env.step([Math.sin(k), Math.cos(k), 0.3, -0.2, 0.5]);
      assert.equal(result.truncated, k === 199);
    }
  } finally {
    env.dispose();
  }
});

test('ids: default alias is task2, dataset-style names resolve; bad task ids and actions are rejected', () => {
  assert.equal(envSpec('cube-double-singletask-v0').id, 'cube-double-singletask-task2-v0');
  assert.equal(envSpec('cube-triple-play-singletask-task4-v0').id, 'cube-triple-singletask-task4-v0');
  assert.equal(envSpec('cube-quadruple-noisy-singletask-v0').id, 'cube-quadruple-singletask-task2-v0');
  assert.equal(envSpec('cube-single-singletask-task3-v0').maxEpisodeSteps, 200);
  assert.equal(envSpec('cube-double-singletask-task3-v0').maxEpisodeSteps, 500);
  const env = createEnv(mujoco, 'cube-single-singletask-v0');
  try {
    assert.throws(() => env.step([0, 0, 0, 0, 0]), /before reset/);
    assert.throws(() => env.reset(1n, 6), /task id 6 is not valid.*1\.\.5/);
    env.reset(1n, 0);
    assert.throws(() => env.step([0, 0, 0, 0]), /4 elements, expected 5/);
    assert.throws(() => env.step([0, Number.NaN, 0, 0, 0]), /action\[1\] is NaN/);
  } finally {
    env.dispose();
  }
});
