// Model facts of the humanoid (docs/environments.md#humanoid-model), read back from the compiled MjModel of
// humanoidmaze.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { HumanoidMazeEnv } from '../src/envs/humanoidmaze/humanoidmaze-env.js';

const DEG = Math.PI / 180;

const BODY_NAMES = [
  'world', 'torso', 'head', 'lower_waist', 'pelvis', 'right_thigh', 'right_shin', 'right_foot', 'left_thigh',
  'left_shin', 'left_foot', 'right_upper_arm', 'right_lower_arm', 'right_hand', 'left_upper_arm', 'left_lower_arm',
  'left_hand',
];
const BODY_MASSES = [
  5.854, 3.054, 2.262, 6.616, 4.752, 2.756, 1.131, 4.752, 2.756, 1.131, 1.661, 0.962, 0.268, 1.661, 0.962, 0.268,
];
const HINGES_IN_QPOS_ORDER = [
  'abdomen_z', 'abdomen_y', 'abdomen_x', 'right_hip_x', 'right_hip_z', 'right_hip_y', 'right_knee', 'right_ankle_y',
  'right_ankle_x', 'left_hip_x', 'left_hip_z', 'left_hip_y', 'left_knee', 'left_ankle_y', 'left_ankle_x',
  'right_shoulder1', 'right_shoulder2', 'right_elbow', 'left_shoulder1', 'left_shoulder2', 'left_elbow',
];
const ACTION_ORDER: Array<[string, number]> = [
  ['abdomen_y', 40], ['abdomen_z', 40], ['abdomen_x', 40], ['right_hip_x', 40], ['right_hip_z', 40],
  ['right_hip_y', 120], ['right_knee', 80], ['right_ankle_x', 20], ['right_ankle_y', 20], ['left_hip_x', 40],
  ['left_hip_z', 40], ['left_hip_y', 120], ['left_knee', 80], ['left_ankle_x', 20], ['left_ankle_y', 20],
  ['right_shoulder1', 20], ['right_shoulder2', 20], ['right_elbow', 40], ['left_shoulder1', 20],
  ['left_shoulder2', 20], ['left_elbow', 40],
];

describe('humanoid model', () => {
  let mujoco: Mujoco;
  let env: HumanoidMazeEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, 'humanoidmaze-medium-singletask-task1-v0') as HumanoidMazeEnv;
  });
  after(() => env.dispose());

  const sim = () => env.humanoid.sim;
  const model = () => sim().model;
  const id = (type: 'body' | 'joint' | 'geom', name: string) => {
    const obj = { body: mujoco.mjtObj.mjOBJ_BODY, joint: mujoco.mjtObj.mjOBJ_JOINT, geom: mujoco.mjtObj.mjOBJ_GEOM }[type];
    return sim().id(obj.value, name);
  };

  test('has nq 28, nv 27, nu 21 and 17 bodies', () => {
    assert.equal(model().nq, 28);
    assert.equal(model().nv, 27);
    assert.equal(model().nu, 21);
    assert.equal(model().nbody, 17);
  });

  test('steps 5 ms with the Euler integrator', () => {
    assert.equal(model().opt.timestep, 0.005);
    assert.equal(model().opt.integrator, mujoco.mjtIntegrator.mjINT_EULER.value);
  });

  test('bodies come in the stated index order with the stated masses (total 40.84 kg)', () => {
    BODY_NAMES.forEach((name, k) => assert.equal(id('body', name), k, `${name} is body ${k}`));
    BODY_MASSES.forEach((mass, k) => {
      const actual = model().body_mass[k + 1];
      assert.ok(Math.abs(actual - mass) <= 1e-3, `${BODY_NAMES[k + 1]}: ${actual} vs ${mass}`);
    });
    assert.ok(Math.abs(mujoco.mj_getTotalmass(model()) - 40.84) < 0.01);
  });

  test('the root is a free joint at (0, 0, 1.5) followed by the 21 hinges in qpos order', () => {
    assert.equal(model().jnt_type[0], mujoco.mjtJoint.mjJNT_FREE.value);
    assert.deepEqual(Array.from(model().qpos0.slice(0, 7)), [0, 0, 1.5, 1, 0, 0, 0]);
    HINGES_IN_QPOS_ORDER.forEach((name, k) => {
      const j = id('joint', name);
      assert.equal(j, k + 1, `${name} is joint ${k + 1}`);
      assert.equal(model().jnt_type[j], mujoco.mjtJoint.mjJNT_HINGE.value);
      assert.equal(model().jnt_qposadr[j], 7 + k);
    });
  });

  test('joints have the stated ranges, springs, damping and armature', () => {
    // [name, range in degrees, stiffness, damping]
    const facts: Array<[string, [number, number], number, number]> = [
      ['abdomen_z', [-45, 45], 20, 5], ['abdomen_y', [-75, 30], 10, 5], ['abdomen_x', [-35, 35], 10, 5],
      ['right_hip_x', [-25, 5], 10, 5], ['right_hip_z', [-60, 35], 10, 5], ['right_hip_y', [-110, 20], 20, 5],
      ['right_knee', [-160, 2], 1, 0.2], ['right_ankle_y', [-50, 50], 6, 0.2], ['right_ankle_x', [-50, 50], 3, 0.2],
      ['left_hip_y', [-120, 20], 20, 5], ['left_ankle_y', [-50, 50], 6, 0.2], ['left_ankle_x', [-50, 50], 3, 0.2],
      ['right_shoulder1', [-85, 60], 1, 0.2], ['left_shoulder2', [-60, 85], 1, 0.2],
      ['right_elbow', [-90, 50], 0, 0.2], ['left_elbow', [-90, 50], 0, 0.2],
    ];
    for (const [name, [lo, hi], stiffness, damping] of facts) {
      const j = id('joint', name);
      const dof = model().jnt_dofadr[j];
      assert.ok(Math.abs(model().jnt_range[2 * j] - lo * DEG) < 1e-12, `${name} lower limit`);
      assert.ok(Math.abs(model().jnt_range[2 * j + 1] - hi * DEG) < 1e-12, `${name} upper limit`);
      assert.equal(model().jnt_stiffness[j], stiffness, `${name} stiffness`);
      assert.equal(model().dof_damping[dof], damping, `${name} damping`);
      assert.equal(model().dof_armature[dof], 0.01, `${name} armature`);
      assert.equal(model().qpos_spring[model().jnt_qposadr[j]], 0, `${name} spring reference`);
      const accessor = model().jnt(j);
      assert.equal(accessor.limited, true, `${name} is limited`);
      accessor.delete();
    }
    // The free root has neither spring, damping nor armature.
    for (let dof = 0; dof < 6; dof++) {
      assert.equal(model().dof_damping[dof], 0);
      assert.equal(model().dof_armature[dof], 0);
    }
  });

  test('the left leg mirrors the right one: hip x and z axes point the other way', () => {
    const axis = (name: string): number[] => Array.from(model().jnt_axis.slice(3 * id('joint', name), 3 * id('joint', name) + 3));
    assert.deepEqual(axis('right_hip_x'), [1, 0, 0]);
    assert.deepEqual(axis('left_hip_x'), [-1, 0, 0]);
    assert.deepEqual(axis('right_hip_z'), [0, 0, 1]);
    assert.deepEqual(axis('left_hip_z'), [0, 0, -1]);
    const s = 1 / Math.sqrt(1.25);
    axis('right_ankle_x').forEach((v, c) => assert.ok(Math.abs(v - [s, 0, 0.5 * s][c]!) < 1e-12));
  });

  test('21 motors drive the joints in the stated action order with the stated gears, ctrl in [-1, 1]', () => {
    ACTION_ORDER.forEach(([joint, gear], k) => {
      assert.equal(model().actuator_trnid[2 * k], id('joint', joint), `actuator ${k} drives ${joint}`);
      assert.equal(model().actuator_gear[6 * k], gear, `${joint} gear`);
      assert.deepEqual([model().actuator_ctrlrange[2 * k], model().actuator_ctrlrange[2 * k + 1]], [-1, 1]);
    });
  });

  test('body geoms use the body class contact parameters; floor and walls keep the main defaults', () => {
    const g = id('geom', 'right_thigh');
    assert.equal(model().geom_condim[g], 1);
    assert.deepEqual(Array.from(model().geom_friction.slice(3 * g, 3 * g + 3)), [0.7, 0.005, 0.0001]);
    assert.deepEqual(Array.from(model().geom_solref.slice(2 * g, 2 * g + 2)), [0.015, 1]);
    assert.deepEqual(Array.from(model().geom_solimp.slice(5 * g, 5 * g + 3)), [0.9, 0.99, 0.003]);
    assert.equal(model().geom_contype[g], 1);
    assert.equal(model().geom_conaffinity[g], 1);
    for (const name of ['floor', 'block_0_0']) {
      const w = id('geom', name);
      assert.equal(model().geom_condim[w], 3, `${name} condim`);
      assert.deepEqual(Array.from(model().geom_friction.slice(3 * w, 3 * w + 3)), [1, 0.005, 0.0001]);
      assert.deepEqual(Array.from(model().geom_solref.slice(2 * w, 2 * w + 2)), [0.02, 1]);
      assert.deepEqual(Array.from(model().geom_solimp.slice(5 * w, 5 * w + 3)), [0.9, 0.95, 0.001]);
    }
  });

  test('the first sensor is the subtree linear velocity of the torso', () => {
    assert.ok(model().nsensor >= 1);
    assert.equal(model().sensor_type[0], mujoco.mjtSensor.mjSENS_SUBTREELINVEL.value);
    assert.equal(model().sensor_objid[0], id('body', 'torso'));
    assert.equal(model().sensor_adr[0], 0);
  });
});
