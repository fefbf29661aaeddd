// Puzzle envs (docs/environments.md#puzzle-logic): Lights Out logic, physical presses (two in one step), observation
// sizes, tasks, rewards.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PUZZLE_SIZES, puzzleTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec } from '../src/envs/registry.js';
import { PuzzleEnv } from '../src/envs/puzzle/puzzle-env.js';
import { applyCrossings, pressButton } from '../src/envs/puzzle/lights-out.js';

let mujoco: Mujoco;
before(async () => { mujoco = await loadMujoco(); });

const grid3 = { rows: 3, cols: 3 };
const bits = (s: string) => Uint8Array.from(s.replace(/\s/g, ''), Number);

test('pressing a button flips it and its 4-neighbours, without wrap-around', () => {
  const s = new Uint8Array(9);
  pressButton(s, grid3, 4);
  assert.deepEqual(s, bits('010 111 010'));
  pressButton(s, grid3, 0);
  assert.deepEqual(s, bits('100 011 010'));
  const wide = new Uint8Array(8);
  pressButton(wide, { rows: 2, cols: 4 }, 3);
  assert.deepEqual(wide, bits('0011 0001'));
});

test('toggles fire only on a downward crossing of −0.02 m; two crossings in one step are applied in index order', () => {
  const s = new Uint8Array(9);
  const rest = new Float64Array(9);
  const after = new Float64Array(9);
  after[1] = -0.021; // crosses
  after[2] = -0.019; // does not reach the threshold
  assert.equal(applyCrossings(s, grid3, rest, after), 1);
  assert.deepEqual(s, bits('111 010 000'));
  // Already below the threshold before the step: no new press.
  assert.equal(applyCrossings(s, grid3, after, after), 0);
  // Buttons 0 and 1 in the same step: their shared neighbours flip twice.
  const t = new Uint8Array(9);
  const both = new Float64Array(9);
  both[0] = -0.022; both[1] = -0.024;
  assert.equal(applyCrossings(t, grid3, rest, both), 2);
  assert.deepEqual(t, bits('001 110 000'));
});

test('a physical press with the closed gripper toggles the pressed button and its neighbours', () => {
  const env = createEnv(mujoco, 'puzzle-3x3-singletask-task1-v0') as PuzzleEnv;
  try {
    env.reset(3n, 1);
    assert.deepEqual(env.states, new Uint8Array(9));
    const [bx, by] = env.buttonXy(4);
    const clip = (x: number) => Math.max(-1, Math.min(1, x));
    for (let k = 0; k < 60; k++) {
      const p = env.sim.pinchPos;
      const z = k < 35 ? 0.19 : 0.1;
      env.step([clip(2 * (bx - p[0]!) / 0.05), clip(2 * (by - p[1]!) / 0.05), clip((z - p[2]!) / 0.05), clip(-env.sim.pinchYaw / 0.3), 1]);
    }
    assert.ok(env.buttonPos(4) <= -0.02, `button 4 pushed down to ${env.buttonPos(4)}`);
    assert.deepEqual(env.states, bits('010 111 010'));
  } finally {
    env.dispose();
  }
});

test('two buttons pushed down physically within one step both toggle', () => {
  const env = createEnv(mujoco, 'puzzle-4x4-singletask-task1-v0') as PuzzleEnv;
  try {
    env.reset(4n, 1);
    // Kick buttons 5 and 6 downward: both cross −0.02 m during the next control step.
    const dof = (k: number) => env.sim.jointDofAddress(`buttonbox_joint_${k}`);
    env.sim.qvel[dof(5)] = -6;
    env.sim.qvel[dof(6)] = -6;
    const presses = env.stepPhysics([0, 0, 0, 0, 0]);
    assert.equal(presses, 2);
    assert.deepEqual(env.states, bits('0110 1001 0110 0000'));
  } finally {
    env.dispose();
  }
});

test('observation sizes 55/83/99/115; each task starts at its initial states with its goal; default tasks', () => {
  const expected = { '3x3': 55, '4x4': 83, '4x5': 99, '4x6': 115 } as const;
  for (const size of PUZZLE_SIZES) {
    const env = createEnv(mujoco, `puzzle-${size}-singletask-v0`) as PuzzleEnv;
    try {
      assert.deepEqual(env.spec.observation.shape, [expected[size]]);
      puzzleTasks(size).forEach((task, k) => {
        const ob = env.reset(BigInt(k), k + 1);
        assert.equal(ob.length, expected[size]);
        assert.deepEqual(Array.from(env.states), task.init);
        assert.deepEqual(Array.from(env.goal), task.goal);
        task.init.forEach((bit, b) => assert.equal(ob[19 + 4 * b + 1], bit, `one-hot of button ${b}`));
        const matching = task.init.filter((bit, b) => bit === task.goal[b]).length;
        const r = env.step([0, 0, 0, 0, 1]);
        assert.equal(r.reward, matching - task.init.length);
        assert.equal(r.success, matching === task.init.length);
      });
    } finally {
      env.dispose();
    }
  }
  assert.equal(envSpec('puzzle-3x3-singletask-v0').id, 'puzzle-3x3-singletask-task4-v0');
  assert.equal(envSpec('puzzle-4x4-play-singletask-v0').id, 'puzzle-4x4-singletask-task4-v0');
  assert.equal(envSpec('puzzle-4x5-singletask-v0').id, 'puzzle-4x5-singletask-task2-v0');
  assert.equal(envSpec('puzzle-4x6-noisy-singletask-v0').id, 'puzzle-4x6-singletask-task2-v0');
  assert.equal(envSpec('puzzle-4x6-singletask-task1-v0').maxEpisodeSteps, 1000);
});

test('success when all states equal the goal, judged before the action', () => {
  const env = createEnv(mujoco, 'puzzle-3x3-singletask-task4-v0') as PuzzleEnv;
  try {
    env.reset(1n, 4);
    env.states.set(env.goal);
    const r = env.step([0, 0, 0, 0, 1]);
    assert.deepEqual([r.reward, r.success, r.terminated], [0, true, true]);
  } finally {
    env.dispose();
  }
});
