// Model facts of the ant (docs/environments.md#ant-model), read back from the compiled MjModel.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { AntMazeEnv } from '../src/envs/antmaze/antmaze-env.js';
import { ANT_ACTUATOR_JOINTS, ANT_FRAME_SKIP } from '../src/envs/ant/ant-model.js';
import { EnvRng } from '../src/envs/env-rng.js';

const DEG = Math.PI / 180;

describe('ant model', () => {
  let mujoco: Mujoco;
  let env: AntMazeEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, 'antmaze-large-singletask-task1-v0') as AntMazeEnv;
  });
  after(() => env.dispose());

  const model = () => env.ant.sim.model;
  const OBJ = () => mujoco.mjtObj;

  test('has nq 15, nv 14, nu 8', () => {
    assert.equal(model().nq, 15);
    assert.equal(model().nv, 14);
    assert.equal(model().nu, 8);
  });

  test('total mass is 0.9109 kg and each body has its stated mass', () => {
    assert.ok(Math.abs(mujoco.mj_getTotalmass(model()) - 0.9109) < 1e-3, `total ${mujoco.mj_getTotalmass(model())}`);
    const expected: Record<string, number> = { torso: 0.3272 };
    for (const k of [1, 2, 3, 4]) {
      expected[`aux_${k}`] = 0.0392;
      expected[`foot_${k}`] = 0.0676;
    }
    for (const thigh of ['front_left_leg', 'front_right_leg', 'back_leg', 'right_back_leg']) expected[thigh] = 0.0392;
    assert.equal(model().nbody, 14); // world + torso + 4 × 3 leg bodies
    for (const [name, mass] of Object.entries(expected)) {
      const id = env.ant.sim.id(OBJ().mjOBJ_BODY.value, name);
      assert.ok(Math.abs(model().body_mass[id] - mass) < 1e-4, `${name}: ${model().body_mass[id]} vs ${mass}`);
    }
  });

  test('actuators drive hip_4, ankle_4, hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3 with gear 30, ctrl in [-1, 1]', () => {
    const trnid: Int32Array = model().actuator_trnid;
    const gear: Float64Array = model().actuator_gear;
    const ctrlrange: Float64Array = model().actuator_ctrlrange;
    const jointNames = Array.from({ length: 8 }, (_, k) => env.ant.sim.name(OBJ().mjOBJ_JOINT.value, trnid[2 * k]!));
    assert.deepEqual(jointNames, [...ANT_ACTUATOR_JOINTS]);
    for (let k = 0; k < 8; k++) {
      assert.equal(gear[6 * k], 30);
      assert.deepEqual([ctrlrange[2 * k], ctrlrange[2 * k + 1]], [-1, 1]);
      const actuator = model().actuator(k);
      assert.equal(actuator.ctrllimited, true);
      actuator.delete();
    }
  });

  test('controls outside [-1, 1] are clamped', () => {
    env.reset(2n, 0);
    env.ant.sim.ctrl.fill(5);
    mujoco.mj_step(model(), env.ant.sim.data);
    assert.deepEqual(Array.from(env.ant.sim.data.actuator_force), Array(8).fill(1));
  });

  test('hinge joints in qpos order with the stated axes and ranges', () => {
    const names = ['hip_1', 'ankle_1', 'hip_2', 'ankle_2', 'hip_3', 'ankle_3', 'hip_4', 'ankle_4'];
    const ranges = [[-30, 30], [30, 70], [-30, 30], [-70, -30], [-30, 30], [-70, -30], [-30, 30], [30, 70]];
    const s = Math.SQRT1_2;
    const axes = [[0, 0, 1], [-s, s, 0], [0, 0, 1], [s, s, 0], [0, 0, 1], [-s, s, 0], [0, 0, 1], [s, s, 0]];
    names.forEach((name, k) => {
      const id = env.ant.sim.id(OBJ().mjOBJ_JOINT.value, name);
      assert.equal(id, k + 1, `${name} is joint ${k + 1}`);
      assert.equal(model().jnt_qposadr[id], 7 + k);
      const accessor = model().jnt(id);
      assert.equal(accessor.limited, true, `${name} is limited`);
      accessor.delete();
      for (let c = 0; c < 2; c++) assert.ok(Math.abs(model().jnt_range[2 * id + c] - ranges[k]![c]! * DEG) < 1e-12);
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(model().jnt_axis[3 * id + c] - axes[k]![c]!) < 1e-12, `${name} axis`);
      assert.equal(model().dof_armature[id + 5], 1);
      assert.equal(model().dof_damping[id + 5], 1);
    });
    for (let d = 0; d < 6; d++) assert.equal(model().dof_armature[d], 0); // free joint: armature 0, damping 0
  });

  test('options: timestep 0.02, RK4, and a control step of 5 substeps (0.1 s)', () => {
    const opt = model().opt;
    try {
      assert.equal(opt.timestep, 0.02);
      assert.equal(opt.integrator, mujoco.mjtIntegrator.mjINT_RK4.value);
      assert.equal(opt.cone, mujoco.mjtCone.mjCONE_PYRAMIDAL.value);
      assert.equal(opt.iterations, 100);
    } finally {
      opt.delete();
    }
    assert.equal(ANT_FRAME_SKIP, 5);
    env.reset(1n, 0);
    const t0 = env.ant.sim.data.time;
    env.step(new Float64Array(8));
    assert.ok(Math.abs(env.ant.sim.data.time - t0 - 0.1) < 1e-12, `one env step advanced ${env.ant.sim.data.time - t0} s`);
  });

  test('robot geoms use the default class; they collide with the floor but not with each other', () => {
    const torso = env.ant.sim.id(OBJ().mjOBJ_GEOM.value, 'torso_geom');
    const floor = env.ant.sim.id(OBJ().mjOBJ_GEOM.value, 'floor');
    const m = model();
    assert.equal(m.geom_size[3 * torso], 0.25);
    for (const g of [torso, floor]) {
      assert.equal(m.geom_condim[g], 3);
      assert.ok(Math.abs(m.geom_margin[g] - 0.01) < 1e-12);
      assert.deepEqual(Array.from(m.geom_friction.slice(3 * g, 3 * g + 3)), [1, 0.5, 0.5]);
      assert.deepEqual(Array.from(m.geom_solref.slice(2 * g, 2 * g + 2)), [0.02, 1]);
      assert.deepEqual(Array.from(m.geom_solimp.slice(5 * g, 5 * g + 3)), [0.8, 0.8, 0.01]);
    }
    assert.deepEqual([m.geom_contype[torso], m.geom_conaffinity[torso]], [1, 0]);
    assert.deepEqual([m.geom_contype[floor], m.geom_conaffinity[floor]], [1, 1]);
  });

  test('the MjData arena is 2 MB and a violent rollout (velocity kicks into walls) uses under a tenth of it', () => {
    assert.equal(model().narena, 2 * 1024 * 1024);
    const kick = new EnvRng(3n);
    env.reset(4n, 0);
    const data = env.ant.sim.data;
    for (let t = 0; t < 600; t++) {
      if (t % 30 === 0) {
        const qvel = env.ant.sim.qvel;
        qvel[0] = kick.uniform(-20, 20);
        qvel[1] = kick.uniform(-20, 20);
        qvel[5] = kick.uniform(-30, 30);
      }
      env.step(Float64Array.from({ length: 8 }, () => kick.uniform(-1, 1)));
    }
    assert.ok(data.maxuse_con > 0, 'the rollout made contacts');
    assert.ok(data.maxuse_arena + data.maxuse_stack < model().narena / 10, `arena ${data.maxuse_arena}, stack ${data.maxuse_stack}`);
  });

  test('initial state is qpos0: torso at (0, 0, 0.75), identity quaternion, hinge angles 0', () => {
    assert.deepEqual(Array.from(model().qpos0), [0, 0, 0.75, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
