// Scripted oracles on fixed seeds (docs/datasets.md#manipulation-data-collection): how often their subtasks reach the
// target, and the plan maths.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cubeTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { EpisodeCollector, parseCollectionName } from '../src/oracles/episode-collector.js';
import { resamplePlan, keyTimes } from '../src/oracles/keyframe-plan.js';
import { snapYaw } from '../src/oracles/oracle.js';
import { EnvRng } from '../src/envs/env-rng.js';
import { createEnv } from '../src/envs/registry.js';
import type { CubeEnv } from '../src/envs/cube/cube-env.js';

let mujoco: Mujoco;
before(async () => { mujoco = await loadMujoco(); });

/** Fraction of the oracle's subtasks that reached their target over `episodes` full episodes (seed 0). */
function subtaskSuccess(name: string, episodes: number): { rate: number; subtasks: number } {
  const collector = new EpisodeCollector(mujoco, parseCollectionName(name));
  try {
    let subtasks = 0, successes = 0;
    for (let e = 0; e < episodes; e++) {
      const rows = collector.collect(0n, e);
      subtasks += rows.subtasks;
      successes += rows.successes;
    }
    return { rate: successes / subtasks, subtasks };
  } finally {
    collector.dispose();
  }
}

test('noisy oracle (with its action noise and random actions) completes ≥ 90% of cube pick-and-place subtasks', { timeout: 120_000 }, () => {
  const { rate, subtasks } = subtaskSuccess('cube-single-noisy-v0', 8);
  assert.ok(subtasks >= 60, `only ${subtasks} subtasks in 8 episodes`);
  assert.ok(rate >= 0.9, `cube pick-and-place success ${rate}`);
});

test('noisy oracle completes ≥ 95% of button presses', { timeout: 120_000 }, () => {
  const { rate, subtasks } = subtaskSuccess('puzzle-3x3-noisy-v0', 2);
  assert.ok(subtasks >= 40, `only ${subtasks} presses in 2 episodes`);
  assert.ok(rate >= 0.95, `button press success ${rate}`);
});

// Measured on seed 0, 8 episodes of 1001 steps each: cube-single-play 87/88 (98.9%), cube-double-play 77/88 (87.5%),
// puzzle-3x3-play 245/245 (100%); cube-single-noisy 76/81 (93.8%), cube-double-noisy 64/72 (88.9%).
test('play oracle episodes contain successful subtasks: cube-single ≥ 90%, puzzle-3x3 ≥ 95%', { timeout: 120_000 }, () => {
  const cube = subtaskSuccess('cube-single-play-v0', 3);
  assert.ok(cube.subtasks >= 25 && cube.rate >= 0.9, `cube-single play: ${cube.rate} of ${cube.subtasks}`);
  const puzzle = subtaskSuccess('puzzle-3x3-play-v0', 1);
  assert.ok(puzzle.subtasks >= 25 && puzzle.rate >= 0.95, `puzzle-3x3 play: ${puzzle.rate} of ${puzzle.subtasks}`);
});

test('plans are resampled every 0.05 s: linear positions and gripper, yaw along the short way across ±π', () => {
  const plan = resamplePlan([
    { t: 0, pos: [0, 0, 0], yaw: 3.0, grip: 0 },
    { t: 0.2, pos: [0.4, 0, 0], yaw: -3.0, grip: 1 },
  ]);
  assert.equal(plan.steps, 5);
  const at = (k: number, c: number) => plan.values[5 * k + c]!;
  assert.ok(Math.abs(at(2, 0) - 0.2) < 1e-12);
  assert.ok(Math.abs(at(2, 4) - 0.5) < 1e-12);
  // Halfway from 3.0 to −3.0 the short way passes through π, not 0.
  assert.ok(Math.abs(Math.abs(at(2, 3)) - Math.PI) < 1e-9, `yaw ${at(2, 3)}`);
  assert.ok(Math.abs(at(4, 3) + 3.0) < 1e-12);
});

test('keyframe times stay ordered under jitter; grasp yaw snaps to the cube copy nearest the gripper', () => {
  const rng = new EnvRng(3n);
  const t = keyTimes([0.4, 0.6, 0.4], 0.08, rng);
  assert.equal(t[0], 0);
  for (let i = 1; i < t.length; i++) assert.ok(t[i]! >= t[i - 1]! && Math.abs(t[i]! - [0, 0.4, 1.0, 1.4][i]!) <= 0.08);
  assert.ok(Math.abs(snapYaw(0.1, 1.5) - (0.1 + Math.PI / 2)) < 1e-12);
  assert.ok(Math.abs(snapYaw(0.1, -3.0) - (0.1 - Math.PI)) < 1e-12);
});

test('task-directed collection: every episode starts from the task\'s reset and its first subtask brings the cube to the task goal', { timeout: 120_000 }, () => {
  const { init, goal } = cubeTasks('single')[0]!;
  const probe = createEnv(mujoco, 'cube-single-singletask-v0') as CubeEnv;
  const cubeAt = (qpos: Float32Array, row: number, nq: number) => {
    probe.sim.qpos.set(qpos.subarray(row * nq, (row + 1) * nq));
    return probe.cubePos(0);
  };
  const dist = (p: readonly number[], q: readonly number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
  // The play oracle always finishes its pick-and-place; the noisy one (action noise) now and then does not in 200 steps.
  for (const [kind, minReached] of [['play', 3], ['noisy', 2]] as const) {
    const directed = new EpisodeCollector(mujoco, parseCollectionName(`cube-single-${kind}-v0`), 1);
    let reached = 0;
    try {
      for (let e = 0; e < 3; e++) {
        const rows = directed.collect(0n, e, 200);
        const nq = directed.nq;
        const start = cubeAt(rows.qpos, 0, nq);
        assert.ok(Math.hypot(start[0] - init[0]![0], start[1] - init[0]![1]) <= 0.011, `${kind} episode ${e} starts at ${start}`);
        // A random first target would almost never put the cube within 4 cm of the task goal.
        if (Array.from({ length: 200 }, (_, t) => t).some((t) => dist(cubeAt(rows.qpos, t, nq), goal[0]!) <= 0.04)) reached++;
      }
    } finally {
      directed.dispose();
    }
    assert.ok(reached >= minReached, `${kind}: the cube reached the task goal in ${reached} of 3 episodes`);
  }
  probe.dispose();
  assert.throws(() => new EpisodeCollector(mujoco, parseCollectionName('puzzle-3x3-play-v0'), 1), /cube datasets only/);
  assert.throws(() => new EpisodeCollector(mujoco, parseCollectionName('cube-single-play-v0'), 6), /valid: 1..5/);
});
