// The 69-D humanoid observation (docs/environments.md#humanoid-observation), each slice checked against MuJoCo
// quantities computed here by other means (quaternion rotations, the subtree-COM Jacobian, a fresh forward pass on a
// copy of the state).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { HumanoidMazeEnv } from '../src/envs/humanoidmaze/humanoidmaze-env.js';
import { EnvRng } from '../src/envs/env-rng.js';

const TOL = 1e-9;

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = TOL): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let k = 0; k < expected.length; k++) {
    assert.ok(Math.abs(actual[k]! - expected[k]!) <= tol, `${what}[${k}]: ${actual[k]} vs ${expected[k]}`);
  }
}

describe('humanoid observation', () => {
  let mujoco: Mujoco;
  let env: HumanoidMazeEnv;
  let observation: Float64Array;

  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, 'humanoidmaze-medium-singletask-task2-v0') as HumanoidMazeEnv;
    env.reset(11n, 0);
    // A few random steps so that the body is moving and tilted when the observation is taken.
    const rng = new EnvRng(5n);
    for (let t = 0; t < 30; t++) observation = env.step(Array.from({ length: 21 }, () => rng.uniform(-1, 1))).observation;
  });
  after(() => env.dispose());

  const sim = () => env.humanoid.sim;
  const bodyId = (name: string) => sim().id(mujoco.mjtObj.mjOBJ_BODY.value, name);

  /** `v` rotated from the world frame into the frame of body `b` (via its quaternion, not its matrix). */
  function inBodyFrame(b: number, v: number[]): number[] {
    const quat = Array.from(sim().data.xquat.slice(4 * b, 4 * b + 4)) as number[];
    const inverse = new mujoco.DoubleBuffer(4);
    const out = new mujoco.DoubleBuffer(3);
    try {
      mujoco.mju_negQuat(inverse, quat);
      mujoco.mju_rotVecQuat(out, v, Array.from(inverse.GetView() as Float64Array));
      return Array.from(out.GetView() as Float64Array);
    } finally {
      inverse.delete();
      out.delete();
    }
  }

  test('has 69 entries', () => {
    assert.equal(observation.length, 69);
  });

  test('0:2 is the root x-y, 2:23 the 21 hinge angles, 42:69 the 27 velocities', () => {
    const qpos = sim().qpos;
    assertClose(observation.subarray(0, 2), qpos.subarray(0, 2), 'root x-y', 0);
    assertClose(observation.subarray(2, 23), qpos.subarray(7, 28), 'hinge angles', 0);
    assertClose(observation.subarray(42, 69), sim().qvel, 'qvel', 0);
  });

  test('23 is the head height of the current state (positions refreshed after the last substep)', () => {
    // Recompute positions from qpos alone on a copy, so a stale pose (one Euler step behind) would show.
    const copy = new mujoco.MjData(sim().model);
    try {
      copy.qpos.set(sim().qpos);
      copy.qvel.set(sim().qvel);
      mujoco.mj_forward(sim().model, copy);
      const head = bodyId('head');
      assert.ok(Math.abs(observation[23]! - copy.xpos[3 * head + 2]) <= TOL, `${observation[23]} vs ${copy.xpos[3 * head + 2]}`);
    } finally {
      copy.delete();
    }
  });

  test('24:36 are left hand, left foot, right hand, right foot relative to the torso, in the torso frame', () => {
    const torso = bodyId('torso');
    const xpos = sim().data.xpos;
    ['left_hand', 'left_foot', 'right_hand', 'right_foot'].forEach((name, k) => {
      const b = bodyId(name);
      const offset = [0, 1, 2].map((c) => xpos[3 * b + c] - xpos[3 * torso + c]);
      assertClose(observation.subarray(24 + 3 * k, 27 + 3 * k), inBodyFrame(torso, offset), name);
    });
  });

  test('36:39 is the world vertical seen from the torso (third row of its rotation matrix)', () => {
    assertClose(observation.subarray(36, 39), inBodyFrame(bodyId('torso'), [0, 0, 1]), 'torso vertical');
  });

  test('39:42 is the torso subtree center-of-mass velocity', () => {
    const nv = sim().nv;
    const jacobian = new mujoco.DoubleBuffer(3 * nv);
    try {
      mujoco.mj_jacSubtreeCom(sim().model, sim().data, jacobian, bodyId('torso'));
      const J = jacobian.GetView() as Float64Array;
      const qvel = sim().qvel;
      const velocity = [0, 1, 2].map((r) => {
        let sum = 0;
        for (let i = 0; i < nv; i++) sum += J[r * nv + i]! * qvel[i]!;
        return sum;
      });
      assertClose(observation.subarray(39, 42), velocity, 'subtree velocity', 1e-8);
      assert.ok(Math.hypot(...velocity) > 1e-3, 'the body is moving, so the check is not trivially zero');
    } finally {
      jacobian.delete();
    }
  });
});
