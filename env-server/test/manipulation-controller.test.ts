// The manipulation scene, the arm-only kinematics, the differential IK and the action controller
// (docs/environments.md#manipulation-scene, docs/environments.md#manipulation-controller).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { manipulationSceneXml } from '../src/envs/manipulation/scene-xml.js';
import { ManipulationSim } from '../src/envs/manipulation/manipulation-sim.js';
import { ArmKinematics, HOME_QPOS } from '../src/envs/manipulation/ur5e-chain.js';
import { ArmController } from '../src/envs/manipulation/arm-controller.js';
import { wrapAngle } from '../src/envs/manipulation/rotation.js';
import { cubeSceneXml } from '../src/envs/cube/cube-scene.js';
import { EnvRng } from '../src/envs/env-rng.js';

let mujoco: Mujoco;
let sim: ManipulationSim;
before(async () => {
  mujoco = await loadMujoco();
  sim = new ManipulationSim(mujoco, manipulationSceneXml('test', { worldbody: '' }));
});
after(() => sim.dispose());

test('scene has the arm + gripper dimensions and masses of docs/environments.md#ur5e-arm and docs/environments.md#robotiq-gripper', () => {
  const cube = new ManipulationSim(mujoco, cubeSceneXml(2));
  try {
    assert.equal(sim.compiled.nq, 14);
    assert.equal(sim.compiled.nv, 14);
    assert.equal(sim.compiled.nu, 7);
    assert.equal(cube.compiled.nq, 14 + 7 * 2);
    assert.equal(cube.compiled.nv, 14 + 6 * 2);
    const mass = cube.compiled.model.body_mass as Float64Array;
    const cubeMass = mass[cube.bodyId('object_0')]!;
    assert.ok(Math.abs(cubeMass - 0.07936) < 1e-4, `cube mass ${cubeMass}`);
    assert.ok(Math.abs(mass[cube.bodyId('ur5e/upper_arm_link')]! - 8.393) < 1e-9);
    const opt = cube.compiled.model.opt;
    assert.equal(opt.timestep, 0.002);
    assert.equal(opt.impratio, 10);
  } finally {
    cube.dispose();
  }
});

test('home configuration puts the pinch point at (0.492, 0.134, 0.332) pointing down with yaw 0', () => {
  sim.resetToHome();
  sim.forward();
  const p = sim.pinchPos;
  assert.ok(Math.hypot(p[0]! - 0.492, p[1]! - 0.134, p[2]! - 0.332) < 1e-3, `pinch at ${Array.from(p)}`);
  assert.ok(Math.abs(sim.pinchYaw) < 1e-6);
});

test('arm-only kinematics match MuJoCo: site pose and Jacobian (finite differences)', () => {
  const fk = new ArmKinematics();
  const q = [0.3, -1.2, 1.4, -0.7, -1.9, 0.8];
  sim.resetToHome();
  sim.qpos.set(q, 0);
  sim.forward();
  fk.compute(q);
  const site = sim.compiled.id(6, 'ur5e/attachment_site');
  const xpos = sim.derived.siteXpos, xmat = sim.derived.siteXmat;
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(fk.sitePos[k]! - xpos[3 * site + k]!) < 1e-9);
  for (let k = 0; k < 9; k++) assert.ok(Math.abs(fk.siteMat[k]! - xmat[9 * site + k]!) < 1e-9);
  const J = fk.jacobian.slice();
  const h = 1e-6;
  for (let j = 0; j < 6; j++) {
    const qh = q.slice();
    qh[j]! += h;
    const probe = new ArmKinematics();
    probe.compute(qh);
    for (let r = 0; r < 3; r++) {
      const fd = (probe.sitePos[r]! - fk.sitePos[r]!) / h;
      assert.ok(Math.abs(fd - J[6 * r + j]!) < 1e-4, `J[${r},${j}] ${J[6 * r + j]} vs ${fd}`);
    }
  }
});

test('IK brings the pinch point within 5 mm of reachable targets, pointing down at the asked yaw', () => {
  const rng = new EnvRng(7n);
  const controller = new ArmController();
  for (let n = 0; n < 30; n++) {
    const target = [rng.uniform(0.25, 0.6), rng.uniform(-0.35, 0.35), rng.uniform(0.05, 0.35)];
    const yaw = rng.uniform(-Math.PI, Math.PI);
    const q = controller.solvePinch(HOME_QPOS, target, yaw);
    sim.resetToHome();
    sim.qpos.set(q, 0);
    sim.forward();
    const p = sim.pinchPos;
    const err = Math.hypot(p[0]! - target[0]!, p[1]! - target[1]!, p[2]! - target[2]!);
    assert.ok(err < 0.005, `target ${target} reached within ${err} m`);
    assert.ok(Math.abs(wrapAngle(sim.pinchYaw - yaw)) < 0.01, `yaw ${sim.pinchYaw} vs ${yaw}`);
    const zz = sim.derived.siteXmat[9 * sim.compiled.id(6, 'ur5e/robotiq/pinch') + 8]!;
    assert.ok(zz < -0.999, `pinch z axis points down (zz=${zz})`);
  }
});

function startPose(): void {
  sim.resetToHome();
  sim.qpos.set(sim.controller.solvePinch(HOME_QPOS, [0.35, 0, 0.25], 0), 0);
  sim.forward();
}

test('a held dx=+1 moves the pinch point about 0.022 m per step', () => {
  startPose();
  for (let k = 0; k < 2; k++) sim.step([1, 0, 0, 0, 0]);
  const x0 = sim.pinchPos[0]!;
  const steps = 4;
  for (let k = 0; k < steps; k++) sim.step([1, 0, 0, 0, 0]);
  const perStep = (sim.pinchPos[0]! - x0) / steps;
  assert.ok(perStep > 0.018 && perStep < 0.026, `dx per step ${perStep}`);
});

test('a held dyaw=+1 turns the gripper about 0.067 rad per step', () => {
  startPose();
  for (let k = 0; k < 2; k++) sim.step([0, 0, 0, 1, 0]);
  const y0 = sim.pinchYaw;
  const steps = 4;
  for (let k = 0; k < steps; k++) sim.step([0, 0, 0, 1, 0]);
  const perStep = wrapAngle(sim.pinchYaw - y0) / steps;
  assert.ok(perStep > 0.06 && perStep < 0.074, `dyaw per step ${perStep}`);
});

test('targets are clipped to the workspace box and the gripper command maps to the actuator', () => {
  startPose();
  sim.step([0, 0, -1, 0, 1]);
  const ctrl = sim.compiled.ctrl;
  assert.equal(ctrl[6], 255, 'opening 0 + 1 → fully closed command');
  for (let k = 0; k < 40; k++) sim.step([-1, 0, 1, 0, -1]);
  const target = sim.controller.targetPos;
  assert.equal(target[0], 0.25);
  assert.equal(target[2], 0.35);
  assert.equal(sim.compiled.ctrl[6], 0);
});

test('the proprioceptive observation has 19 entries laid out as docs/environments.md#proprioception', () => {
  startPose();
  for (let k = 0; k < 10; k++) sim.step([0, 0, 0, 0, 1]);
  const ob = new Float64Array(19);
  sim.writeProprio(ob);
  for (let i = 0; i < 6; i++) assert.equal(ob[i], sim.qpos[i]);
  assert.ok(Math.abs(ob[12]! - (sim.pinchPos[0]! - 0.425) * 10) < 1e-12);
  assert.ok(Math.abs(ob[15]! ** 2 + ob[16]! ** 2 - 1) < 1e-12);
  assert.ok(ob[17]! > 2.4 && ob[17]! <= 3, `closed gripper opening × 3 = ${ob[17]}`);
  assert.ok(ob[18]! >= 0 && ob[18]! <= 1);
});
