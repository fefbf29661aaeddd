// Humanoidmaze episodes: the contact-free reset, the maze reset (start and goal cells), 'pre' success timing,
// rewards, truncation, ids and aliases, and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cellToXy, navigationTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec, resolveEnvId } from '../src/envs/registry.js';
import { HumanoidMazeEnv } from '../src/envs/humanoidmaze/humanoidmaze-env.js';
import { humanoidmazeFamily } from '../src/envs/humanoidmaze/humanoidmaze-family.js';
import { xyToCell } from '../src/envs/maze/maze-geometry.js';

const ZERO_ACTION = new Float64Array(21);

describe('humanoidmaze env', () => {
  let mujoco: Mujoco;
  let env: HumanoidMazeEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, 'humanoidmaze-medium-singletask-task1-v0') as HumanoidMazeEnv;
  });
  after(() => env.dispose());

  test('the humanoid reset ends in a contact-free pose: airborne at 1.5 m, random orientation (non-negative quaternion), hinges in range', () => {
    const robot = env.humanoid;
    const { model } = robot.sim;
    for (let trial = 0; trial < 20; trial++) {
      robot.resetModel();
      const qpos = robot.sim.qpos;
      assert.equal(robot.sim.data.ncon, 0, `trial ${trial}: contacts after the reset loop`);
      assert.deepEqual(Array.from(qpos.subarray(0, 3)), [0, 0, 1.5]);
      const quat = Array.from(qpos.subarray(3, 7));
      assert.ok(quat.every((q) => q >= 0), `quaternion components are non-negative: ${quat}`);
      assert.ok(Math.abs(Math.hypot(...quat) - 1) < 1e-12, 'quaternion is normalised');
      for (let j = 1; j < model.njnt; j++) {
        const q = qpos[model.jnt_qposadr[j]]!;
        assert.ok(q >= model.jnt_range[2 * j] && q <= model.jnt_range[2 * j + 1], `joint ${j} angle ${q} within its range`);
      }
    }
  });

  test('each task starts within ±1 m of its start cell center and targets its goal cell center', () => {
    navigationTasks('medium').forEach(({ start, goal }, k) => {
      const ob = env.reset(BigInt(100 + k), k + 1);
      assert.equal(env.taskId, k + 1);
      assert.deepEqual(env.goalXy, cellToXy(goal));
      const [sx, sy] = cellToXy(start);
      assert.ok(Math.abs(ob[0]! - sx) <= 1 && Math.abs(ob[1]! - sy) <= 1, `task${k + 1} start (${ob[0]}, ${ob[1]})`);
      assert.deepEqual(xyToCell([ob[0]!, ob[1]!]), start);
      assert.equal(env.humanoid.sim.data.ncon, 0, 'the first observation is taken before the humanoid lands');
      assert.ok(ob[23]! > 1, `head starts high (${ob[23]})`);
    });
  });

  test('the goal observation is recorded at the goal after 40 random steps (the humanoid has fallen)', () => {
    env.reset(7n, 3);
    const goalOb = env.goalObservation;
    assert.deepEqual([goalOb[0], goalOb[1]], [...cellToXy(navigationTasks('medium')[2]!.goal)]);
    // 40 steps of 25 ms = 1 s of free fall and tumbling from 1.5 m: the head is far below its start height.
    assert.ok(goalOb[23]! < 1, `head height at the goal snapshot: ${goalOb[23]}`);
  });

  test('task 0 means the default task; an unknown task is rejected', () => {
    env.reset(1n, 0);
    assert.equal(env.taskId, 1);
    assert.throws(() => env.reset(1n, 6), /task id 6 is not valid.*1\.\.5/);
  });

  test("success, reward and termination are evaluated on the state before the action ('pre')", () => {
    env.reset(3n, 1);
    const [gx, gy] = env.goalXy;
    const qpos = Float64Array.from(env.humanoid.sim.qpos);
    const qvel = new Float64Array(27);
    // 0.45 m from the goal, moving away at 20 m/s: after the step (25 ms) the root is ~0.95 m away.
    qpos[0] = gx + 0.45;
    qpos[1] = gy;
    qvel[0] = 20;
    env.setState(qpos, qvel);
    const first = env.step(ZERO_ACTION);
    assert.deepEqual([first.success, first.reward, first.terminated], [true, 0, true]);
    assert.ok(first.observation[0]! - gx > 0.5, `moved out of the goal (${first.observation[0]! - gx} m)`);
    const second = env.step(ZERO_ACTION);
    assert.deepEqual([second.success, second.reward, second.terminated], [false, -1, false]);
  });

  test('the goal radius is 0.5 m', () => {
    env.reset(4n, 2);
    const [gx, gy] = env.goalXy;
    const qvel = new Float64Array(27);
    for (const [distance, expected] of [[0.49, true], [0.51, false]] as const) {
      const qpos = Float64Array.from(env.humanoid.sim.qpos);
      qpos[0] = gx + distance * Math.SQRT1_2;
      qpos[1] = gy - distance * Math.SQRT1_2;
      env.setState(qpos, qvel);
      const result = env.step(ZERO_ACTION);
      assert.equal(result.success, expected, `at ${distance} m`);
      assert.equal(result.reward, expected ? 0 : -1);
    }
  });

  test('episodes truncate after maxEpisodeSteps; the families say 2000 / 2000 / 4000', () => {
    assert.equal(envSpec('humanoidmaze-medium-singletask-task1-v0').maxEpisodeSteps, 2000);
    assert.equal(envSpec('humanoidmaze-large-singletask-task4-v0').maxEpisodeSteps, 2000);
    assert.equal(envSpec('humanoidmaze-giant-singletask-task5-v0').maxEpisodeSteps, 4000);
    const short = new HumanoidMazeEnv(mujoco, { ...envSpec('humanoidmaze-medium-singletask-task1-v0'), maxEpisodeSteps: 3 }, 'medium');
    try {
      short.reset(1n, 1);
      assert.deepEqual([1, 2, 3].map(() => short.step(ZERO_ACTION).truncated), [false, false, true]);
      short.reset(2n, 1);
      assert.equal(short.step(ZERO_ACTION).truncated, false, 'reset restarts the step count');
    } finally {
      short.dispose();
    }
  });

  test('ids: 20 canonical ids (teleport included, as OGBench registers it); the alias is task1; dataset-style ids resolve', () => {
    assert.equal(humanoidmazeFamily.specs().length, 20);
    assert.equal(resolveEnvId('humanoidmaze-large-singletask-v0'), 'humanoidmaze-large-singletask-task1-v0');
    assert.equal(resolveEnvId('humanoidmaze-giant-navigate-singletask-task3-v0'), 'humanoidmaze-giant-singletask-task3-v0');
    assert.equal(resolveEnvId('humanoidmaze-medium-navigate-singletask-v0'), 'humanoidmaze-medium-singletask-task1-v0');
    const spec = envSpec('humanoidmaze-medium-singletask-task2-v0');
    assert.deepEqual(spec.observation.shape, [69]);
    assert.deepEqual(spec.action.shape, [21]);
    assert.equal(spec.defaultTask, 2);
    assert.equal(resolveEnvId('humanoidmaze-teleport-singletask-v0'), 'humanoidmaze-teleport-singletask-task1-v0');
    assert.equal(envSpec('humanoidmaze-teleport-singletask-task5-v0').maxEpisodeSteps, 2000);
    assert.deepEqual(envSpec('humanoidmaze-teleport-singletask-task2-v0').datasets, [], 'OGBench has no humanoidmaze-teleport dataset');
    assert.throws(() => resolveEnvId('humanoidmaze-teleport-navigate-singletask-v0'), /unknown env id/);
  });

  test('humanoidmaze-teleport: a step onto a teleporter entrance moves the root to an exit; the observation lags one step', () => {
    const teleport = createEnv(mujoco, 'humanoidmaze-teleport-singletask-task1-v0') as HumanoidMazeEnv;
    try {
      teleport.reset(3n, 1);
      const { qpos, qvel } = teleport.humanoid.sim;
      const entrance = [20, 12]; // cell (4, 6)
      const moved = Float64Array.from(qpos);
      moved[0] = entrance[0]!;
      moved[1] = entrance[1]!;
      teleport.setState(moved, qvel);
      const observation = teleport.step(ZERO_ACTION).observation;
      assert.ok(Math.hypot(observation[0]! - entrance[0]!, observation[1]! - entrance[1]!) < 1, 'the returned observation is pre-teleport');
      const exits = [[24, 0], [0, 20], [36, 20]];
      const [x, y] = teleport.agentXy;
      assert.ok(exits.some(([ex, ey]) => Math.hypot(x - ex!, y - ey!) < 1e-9), `root at an exit, got (${x}, ${y})`);
    } finally {
      teleport.dispose();
    }
  });

  test('bad actions are rejected with a message and change nothing', () => {
    env.reset(5n, 1);
    const before = Float64Array.from(env.humanoid.sim.qpos);
    assert.throws(() => env.step(new Float64Array(8)), /21/);
    assert.throws(() => env.step(Float64Array.from({ length: 21 }, (_, k) => (k === 4 ? NaN : 0))), /action\[4\] is NaN/);
    assert.deepEqual(Array.from(env.humanoid.sim.qpos), Array.from(before));
    assert.equal(env.elapsedSteps, 0);
  });

});
