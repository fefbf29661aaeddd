// Episode semantics of the single-task antmaze envs: reset noise, reward/success timing ('pre'),
// termination, truncation, teleporters, and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cellToXy, navigationTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { AntMazeEnv } from '../src/envs/antmaze/antmaze-env.js';
import { TELEPORT_IN_CELLS, TELEPORT_OUT_CELLS } from '../src/envs/maze/teleporters.js';

const ZERO = new Float64Array(8);

describe('antmaze episodes', () => {
  let mujoco: Mujoco;
  const envs: AntMazeEnv[] = [];
  const make = (id: string) => {
    const env = createEnv(mujoco, id) as AntMazeEnv;
    envs.push(env);
    return env;
  };
  before(async () => {
    mujoco = await loadMujoco();
  });
  after(() => envs.forEach((env) => env.dispose()));

  /** Puts the ant 2 m above x-y (out of floor contact, ankles inside their limits, no velocity unless given). */
  function placeAnt(env: AntMazeEnv, x: number, y: number, vx = 0, vy = 0): void {
    const ankle = (50 * Math.PI) / 180;
    const qpos = [x, y, 2, 1, 0, 0, 0, 0, ankle, 0, -ankle, 0, -ankle, 0, ankle];
    const qvel = Array(14).fill(0);
    qvel[0] = vx;
    qvel[1] = vy;
    env.setState(qpos, qvel);
  }

  test('reset_model noise: qpos within qpos0 ± 0.1 on every entry (quaternion not re-normalised), qvel ~ 0.1·N(0,1)', () => {
    const env = make('antmaze-medium-singletask-task1-v0');
    const qpos0 = Array.from(env.ant.sim.model.qpos0 as Float64Array);
    const velocities: number[] = [];
    let quaternionsOffUnit = 0;
    for (let seed = 0n; seed < 50n; seed++) {
      env.reset(seed, 0);
      env.ant.resetModel(); // the robot reset of docs/environments.md#maze-reset, before any random step
      const qpos = env.ant.sim.qpos;
      qpos0.forEach((q0, k) => {
        assert.ok(Math.abs(qpos[k]! - q0) <= 0.1, `qpos[${k}] = ${qpos[k]} vs qpos0 ${q0}`);
        assert.notEqual(qpos[k], q0, `qpos[${k}] got noise`);
      });
      const norm = Math.hypot(qpos[3]!, qpos[4]!, qpos[5]!, qpos[6]!);
      if (Math.abs(norm - 1) > 1e-6) quaternionsOffUnit++;
      velocities.push(...env.ant.sim.qvel);
    }
    assert.ok(quaternionsOffUnit > 40, 'the noisy quaternion is left as drawn');
    const mean = velocities.reduce((a, b) => a + b, 0) / velocities.length;
    const std = Math.sqrt(velocities.reduce((a, b) => a + (b - mean) ** 2, 0) / velocities.length);
    assert.ok(Math.abs(mean) < 0.01, `qvel mean ${mean}`);
    assert.ok(Math.abs(std - 0.1) < 0.01, `qvel std ${std}`);
  });

  test('reset puts the ant within ±1 m of the start cell center, for every task of every maze', () => {
    for (const maze of ['medium', 'large', 'giant', 'teleport'] as const) {
      const env = make(`antmaze-${maze}-singletask-v0`);
      navigationTasks(maze).forEach(({ start, goal }, k) => {
        for (let seed = 0n; seed < 5n; seed++) {
          const ob = env.reset(seed, k + 1);
          const [sx, sy] = cellToXy(start);
          assert.equal(ob.length, 29);
          assert.ok(Math.abs(ob[0]! - sx) <= 1 && Math.abs(ob[1]! - sy) <= 1, `${maze} task${k + 1}: (${ob[0]}, ${ob[1]})`);
          assert.ok(Math.abs(ob[2]! - 0.75) <= 0.1, 'torso height is qpos0 z ± 0.1');
          assert.deepEqual(env.goalXy, cellToXy(goal), 'single-task goals carry no noise');
          assert.equal(env.taskId, k + 1);
        }
      });
    }
  });

  test('task 0 selects the env\'s own task; out-of-range task ids are rejected', () => {
    const env = make('antmaze-large-singletask-task3-v0');
    env.reset(1n, 0);
    assert.equal(env.taskId, 3);
    assert.deepEqual(env.goalXy, cellToXy([1, 10]));
    assert.throws(() => env.reset(1n, 6), /task id 6 .* 1\.\.5/);
    assert.throws(() => env.reset(1n, -1), /task id -1/);
  });

  test('the goal observation is recorded at the goal x-y after the random steps', () => {
    const env = make('antmaze-large-singletask-task1-v0');
    env.reset(3n, 0);
    const goal = env.goalObservation;
    assert.deepEqual([goal[0], goal[1]], [36, 24]);
    assert.notEqual(goal[2], 0.75, 'the goal posture comes from random steps, not from qpos0');
    const site = env.ant.sim.id(mujoco.mjtObj.mjOBJ_SITE.value, 'target');
    assert.deepEqual(Array.from(env.ant.sim.model.site_pos.slice(3 * site, 3 * site + 2)), [36, 24], 'goal marker moved');
  });

  test("'pre' timing: the step taken FROM the goal state succeeds (reward 0, terminated); all others give −1", () => {
    const env = make('antmaze-large-singletask-task1-v0');
    env.reset(7n, 0);
    const first = env.step(ZERO);
    assert.deepEqual([first.reward, first.success, first.terminated, first.truncated], [-1, false, false, false]);

    // Ant on the goal but flying away fast: success is judged on the state before the action.
    placeAnt(env, 36.3, 24, 10, 0);
    const fromGoal = env.step(ZERO);
    assert.ok(fromGoal.observation[0]! - 36 > 0.5, `after the step the ant is ${fromGoal.observation[0]! - 36} m away`);
    assert.deepEqual([fromGoal.reward, fromGoal.success, fromGoal.terminated, fromGoal.truncated], [0, true, true, false]);

    // Ant just outside the goal moving in: the step INTO the goal fails, the next one succeeds.
    placeAnt(env, 36.6, 24, -3, 0);
    const into = env.step(ZERO);
    assert.ok(Math.abs(into.observation[0]! - 36) < 0.5, `after the step the ant is at x ${into.observation[0]}`);
    assert.deepEqual([into.reward, into.success, into.terminated], [-1, false, false]);
    const next = env.step(ZERO);
    assert.deepEqual([next.reward, next.success, next.terminated], [0, true, true]);
  });

  test('success radius is 0.5 m', () => {
    const env = make('antmaze-medium-singletask-task1-v0');
    env.reset(1n, 0);
    placeAnt(env, 20 + 0.49, 20);
    assert.equal(env.step(ZERO).success, true);
    placeAnt(env, 20, 20 - 0.51);
    assert.equal(env.step(ZERO).success, false);
  });

  test('truncated on exactly the 1000th step', { timeout: 60_000 }, () => {
    const env = make('antmaze-giant-singletask-task1-v0');
    env.reset(11n, 0);
    for (let k = 1; k < 1000; k++) {
      const r = env.step(ZERO);
      assert.equal(r.truncated, false, `step ${k}`);
      assert.equal(r.reward, -1);
    }
    const last = env.step(ZERO);
    assert.equal(last.truncated, true);
    assert.equal(last.terminated, false);
    assert.equal(env.elapsedSteps, 1000);
    env.reset(12n, 0);
    assert.equal(env.step(ZERO).truncated, false, 'reset starts a new count');
  });

  test('teleport: within 1.5 m of a teleport-in center, the ant lands on a teleport-out center (observation lags one step)', () => {
    const env = make('antmaze-teleport-singletask-task1-v0');
    const outCenters = TELEPORT_OUT_CELLS.map(cellToXy).map(([x, y]) => `${x},${y}`);
    const landed = new Set<string>();
    for (let seed = 0n; seed < 24n; seed++) {
      env.reset(seed, 0);
      const [cx, cy] = cellToXy(TELEPORT_IN_CELLS[Number(seed) % 2]!);
      placeAnt(env, cx + 1.0, cy - 1.0); // 1.41 m from the center
      const r = env.step(ZERO);
      assert.ok(Math.hypot(r.observation[0]! - cx, r.observation[1]! - cy) < 1.5, 'the returned observation is pre-teleport');
      const at = `${env.ant.sim.qpos[0]},${env.ant.sim.qpos[1]}`;
      assert.ok(outCenters.includes(at), `ant at ${at} after the step`);
      landed.add(at);
      const next = env.step(ZERO);
      assert.ok(outCenters.some((c) => Math.hypot(next.observation[0]! - +c.split(',')[0]!, next.observation[1]! - +c.split(',')[1]!) < 0.5));
    }
    assert.equal(landed.size, 3, 'every teleport-out center is drawn');
  });

  test('teleport: 1.6 m from a teleport-in center nothing happens; other mazes have no teleporters', () => {
    const env = make('antmaze-teleport-singletask-task1-v0');
    env.reset(1n, 0);
    const [cx, cy] = cellToXy(TELEPORT_IN_CELLS[0]!);
    placeAnt(env, cx, cy + 1.6); // (1.6 m along +x would touch a wall)
    env.step(ZERO);
    assert.ok(Math.hypot(env.ant.sim.qpos[0]! - cx, env.ant.sim.qpos[1]! - (cy + 1.6)) < 1e-6);
    const large = make('antmaze-large-singletask-task1-v0');
    large.reset(1n, 0);
    placeAnt(large, 20, 12); // the teleport maze's teleport-in x-y, a free cell of large too
    large.step(ZERO);
    assert.ok(Math.hypot(large.ant.sim.qpos[0]! - 20, large.ant.sim.qpos[1]! - 12) < 1e-6);
  });

  test('bad actions are rejected with a message, out-of-range ones clipped; step before reset is an error', () => {
    const fresh = make('antmaze-medium-singletask-task1-v0');
    assert.throws(() => fresh.step(ZERO), /before reset/);
    fresh.reset(1n, 0);
    assert.throws(() => fresh.step([0, 0, 0]), /3 elements, expected 8/);
    assert.throws(() => fresh.step([0, 0, 0, NaN, 0, 0, 0, 0]), /action\[3\] is NaN/);
    fresh.step([5, -5, 5, -5, 5, -5, 5, -5]);
    assert.deepEqual(Array.from(fresh.ant.sim.ctrl), [1, -1, 1, -1, 1, -1, 1, -1]);
  });
});
