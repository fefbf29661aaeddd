// Antsoccer (docs/environments.md#antsoccer-model): the ant plus ball model, the 42-D observation, the reset (agent, ball and goal cells per
// task), 'pre' success on the ball's position, ids and aliases (default task4).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cellToXy, type SoccerMaze, soccerTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec, resolveEnvId } from '../src/envs/registry.js';
import { AntSoccerEnv, BALL_QPOS, BALL_QVEL } from '../src/envs/antsoccer/antsoccer-env.js';
import { antsoccerFamily } from '../src/envs/antsoccer/antsoccer-family.js';
import { xyToCell } from '../src/envs/maze/maze-geometry.js';
import { EnvRng } from '../src/envs/env-rng.js';

const ZERO_ACTION = new Float64Array(8);

describe('antsoccer env', () => {
  let mujoco: Mujoco;
  let env: AntSoccerEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, 'antsoccer-arena-singletask-task4-v0') as AntSoccerEnv;
  });
  after(() => env.dispose());

  const model = () => env.ant.sim.model;
  const ballGeom = () => env.ant.sim.id(mujoco.mjtObj.mjOBJ_GEOM.value, 'ball');
  const ballBody = () => env.ant.sim.id(mujoco.mjtObj.mjOBJ_BODY.value, 'ball');

  test('model: nq 22, nv 20, nu 8; the ant keeps its options', () => {
    assert.deepEqual([model().nq, model().nv, model().nu], [22, 20, 8]);
    assert.equal(model().opt.timestep, 0.02);
    assert.equal(model().opt.integrator, mujoco.mjtIntegrator.mjINT_RK4.value);
  });

  test('the ball is a free sphere of radius 0.25 and mass 0.3272 kg starting at (0, 0, 0.5)', () => {
    const b = ballBody();
    const g = ballGeom();
    assert.ok(Math.abs(model().body_mass[b] - 0.3272) < 1e-4, `mass ${model().body_mass[b]}`);
    assert.equal(model().geom_type[g], mujoco.mjtGeom.mjGEOM_SPHERE.value);
    assert.equal(model().geom_size[3 * g], 0.25);
    const joint = model().body_jntadr[b];
    assert.equal(model().jnt_type[joint], mujoco.mjtJoint.mjJNT_FREE.value);
    assert.equal(model().jnt_qposadr[joint], BALL_QPOS);
    assert.equal(model().jnt_dofadr[joint], BALL_QVEL);
    assert.deepEqual(Array.from(model().qpos0.slice(BALL_QPOS, BALL_QPOS + 7)), [0, 0, 0.5, 1, 0, 0, 0]);
  });

  test('ball contacts: condim 6, priority 1, friction (1, 0.5, 0.5), margin 0.01, solref (0.02, 1), solimp (0.8, 0.8, 0.01)', () => {
    const g = ballGeom();
    assert.equal(model().geom_condim[g], 6);
    assert.equal(model().geom_priority[g], 1);
    assert.deepEqual([model().geom_contype[g], model().geom_conaffinity[g]], [1, 1]);
    assert.deepEqual(Array.from(model().geom_friction.slice(3 * g, 3 * g + 3)), [1, 0.5, 0.5]);
    assert.equal(model().geom_margin[g], 0.01);
    assert.deepEqual(Array.from(model().geom_solref.slice(2 * g, 2 * g + 2)), [0.02, 1]);
    assert.deepEqual(Array.from(model().geom_solimp.slice(5 * g, 5 * g + 3)), [0.8, 0.8, 0.01]);
  });

  test('observation (42) = ant qpos ‖ ball qpos ‖ ant qvel ‖ ball qvel; the ball slice is the ball body pose', () => {
    env.reset(8n, 0);
    const rng = new EnvRng(1n);
    let ob: Float64Array = new Float64Array();
    for (let t = 0; t < 5; t++) ob = env.step(Float64Array.from({ length: 8 }, () => rng.uniform(-1, 1))).observation;
    assert.equal(ob.length, 42);
    // Body poses of the observed state, from a forward pass on a copy (mj_step leaves xpos one substep behind).
    const data = new mujoco.MjData(model());
    try {
      data.qpos.set(env.ant.sim.qpos);
      mujoco.mj_forward(model(), data);
      const b = ballBody();
      const torso = env.ant.sim.id(mujoco.mjtObj.mjOBJ_BODY.value, 'torso');
      assert.deepEqual(Array.from(ob.subarray(15, 18)), Array.from(data.xpos.slice(3 * b, 3 * b + 3)), 'ball position');
      const quat = Array.from(data.xquat.slice(4 * b, 4 * b + 4)) as number[];
      const norm = Math.hypot(...ob.subarray(18, 22));
      ob.subarray(18, 22).forEach((q, k) => assert.ok(Math.abs(q / norm - quat[k]!) < 1e-12, 'ball orientation'));
      assert.deepEqual(Array.from(ob.subarray(0, 3)), Array.from(data.xpos.slice(3 * torso, 3 * torso + 3)), 'ant torso');
    } finally {
      data.delete();
    }
    assert.deepEqual(Array.from(ob.subarray(22, 42)), Array.from(env.ant.sim.qvel), 'velocities');
    assert.ok(ob.subarray(22, 42).some((v) => v !== 0));
  });

  for (const maze of ['arena', 'medium'] as SoccerMaze[]) {
    test(`${maze}: each task puts the ant and the ball in their cells (±1 m) and targets the goal cell center`, () => {
      const tasks = soccerTasks(maze);
      const target = createEnv(mujoco, `antsoccer-${maze}-singletask-task1-v0`) as AntSoccerEnv;
      try {
        tasks.forEach(({ agent, ball, goal }, k) => {
          const ob = target.reset(BigInt(200 + k), k + 1);
          const agentXy = [ob[0]!, ob[1]!] as const;
          const ballXy = [ob[BALL_QPOS]!, ob[BALL_QPOS + 1]!] as const;
          assert.deepEqual(xyToCell(agentXy), agent, `task${k + 1} agent at ${agentXy}`);
          assert.deepEqual(xyToCell(ballXy), ball, `task${k + 1} ball at ${ballXy}`);
          const [ax, ay] = cellToXy(agent);
          const [bx, by] = cellToXy(ball);
          assert.ok(Math.abs(agentXy[0] - ax) <= 1 && Math.abs(agentXy[1] - ay) <= 1);
          assert.ok(Math.abs(ballXy[0] - bx) <= 1 && Math.abs(ballXy[1] - by) <= 1);
          assert.deepEqual(target.goalXy, cellToXy(goal));
          const goalOb = target.goalObservation;
          assert.deepEqual([goalOb[0], goalOb[1], goalOb[BALL_QPOS], goalOb[BALL_QPOS + 1]], [...cellToXy(goal), ...cellToXy(goal)]);
        });
      } finally {
        target.dispose();
      }
    });
  }

  test('the reset noise also moves the ball height and orientation (ant reset_model over all 22 qpos)', () => {
    const heights = new Set<number>();
    for (let seed = 0n; seed < 4n; seed++) heights.add(env.reset(seed, 1)[BALL_QPOS + 2]!);
    assert.equal(heights.size, 4);
    for (const z of heights) assert.ok(z >= 0.4 && z <= 0.6, `ball z ${z}`);
  });

  test("success is the ball (not the ant) within 0.5 m of the goal, on the state before the action ('pre')", () => {
    env.reset(3n, 4);
    const [gx, gy] = env.goalXy;
    const start = Float64Array.from(env.ant.sim.qpos);
    const still = new Float64Array(20);
    const place = (ant: [number, number], ball: [number, number], qvel = still) => {
      const qpos = Float64Array.from(start);
      [qpos[0], qpos[1], qpos[BALL_QPOS], qpos[BALL_QPOS + 1]] = [...ant, ...ball];
      env.setState(qpos, qvel);
    };
    place([gx, gy], [gx + 3, gy]);
    assert.equal(env.step(ZERO_ACTION).success, false, 'ant on the goal, ball away');
    place([gx + 3, gy], [gx + 0.49, gy]);
    assert.deepEqual((({ success, reward, terminated }) => [success, reward, terminated])(env.step(ZERO_ACTION)), [true, 0, true]);
    place([gx + 3, gy], [gx, gy + 0.51]);
    assert.deepEqual((({ success, reward }) => [success, reward])(env.step(ZERO_ACTION)), [false, -1]);
    // Ball 0.45 m out, rolling away at 10 m/s: the step still counts the pre-action state.
    const rolling = new Float64Array(20);
    rolling[BALL_QVEL] = 10;
    place([gx + 3, gy + 3], [gx + 0.45, gy], rolling);
    const result = env.step(ZERO_ACTION);
    assert.equal(result.success, true);
    assert.ok(result.observation[BALL_QPOS]! - gx > 0.5, 'the ball has left the goal after the step');
  });

  test('ids: 10 canonical ids, alias = task4, dataset-style ids resolve; episodes last 1000 steps', () => {
    assert.equal(antsoccerFamily.specs().length, 10);
    assert.equal(resolveEnvId('antsoccer-arena-singletask-v0'), 'antsoccer-arena-singletask-task4-v0');
    assert.equal(resolveEnvId('antsoccer-medium-navigate-singletask-v0'), 'antsoccer-medium-singletask-task4-v0');
    assert.equal(resolveEnvId('antsoccer-medium-navigate-singletask-task2-v0'), 'antsoccer-medium-singletask-task2-v0');
    const spec = envSpec('antsoccer-arena-singletask-v0');
    assert.deepEqual([spec.defaultTask, spec.maxEpisodeSteps, spec.observation.shape[0], spec.action.shape[0]], [4, 1000, 42, 8]);
    const alias = createEnv(mujoco, 'antsoccer-arena-singletask-v0') as AntSoccerEnv;
    try {
      alias.reset(1n, 0);
      assert.equal(alias.taskId, 4);
    } finally {
      alias.dispose();
    }
  });

  test('bad input is rejected with a message: wrong action size, NaN, unknown task, step before reset', () => {
    const fresh = createEnv(mujoco, 'antsoccer-medium-singletask-task1-v0') as AntSoccerEnv;
    try {
      assert.throws(() => fresh.step(ZERO_ACTION), /before reset/);
      fresh.reset(1n, 1);
      assert.throws(() => fresh.step(new Float64Array(21)), /expected 8/);
      assert.throws(() => fresh.step([0, 0, Infinity, 0, 0, 0, 0, 0]), /action\[2\] is Infinity/);
      assert.throws(() => fresh.reset(1n, 7), /task id 7/);
      assert.equal(fresh.elapsedSteps, 0);
    } finally {
      fresh.dispose();
    }
  });

});
