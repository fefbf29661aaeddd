// online-ant-xy-v0 (docs/environments.md#direction-following-envs): spec and observation layout, determinism per
// seed, reward = x-y displacement projected on the direction, termination on torso z, a new direction every
// 100 steps, truncation at 1000 steps, and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec, envSpecs } from '../src/envs/registry.js';
import type { AntXyEnv } from '../src/envs/online/ant-xy-env.js';
import { episodeBytes } from './support/episode-bytes.js';

const ID = 'online-ant-xy-v0';
const ZERO = new Float64Array(8);
/** A deterministic action sequence exercising every actuator. */
const action = (t: number) => Array.from({ length: 8 }, (_, k) => Math.sin(0.7 * t + k));

describe('online-ant-xy env', () => {
  let mujoco: Mujoco;
  let env: AntXyEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, ID) as AntXyEnv;
  });
  after(() => env.dispose());

  test('is listed with 29-D observation, 8-D unit-box action, 1000-step episodes and one task', () => {
    assert.ok(envSpecs().some((spec) => spec.id === ID));
    const spec = envSpec(ID);
    assert.deepEqual(spec.observation.shape, [29]);
    assert.deepEqual(spec.action, { shape: [8], dtype: 'float32', low: Array(8).fill(-1), high: Array(8).fill(1) });
    assert.equal(spec.maxEpisodeSteps, 1000);
    assert.deepEqual([spec.numTasks, spec.defaultTask, spec.datasets], [1, 1, []]);
  });

  test('observation = qpos without x-y ‖ qvel ‖ unit direction', () => {
    const observations = [() => env.reset(5n, 0), () => env.step(action(0)).observation];
    for (const observe of observations) {
      const ob = observe();
      const { qpos, qvel } = env.ant.sim;
      assert.equal(ob.length, 29);
      assert.deepEqual(Array.from(ob.subarray(0, 13)), Array.from(qpos.subarray(2)));
      assert.deepEqual(Array.from(ob.subarray(13, 27)), Array.from(qvel));
      assert.deepEqual(Array.from(ob.subarray(27)), env.direction);
      assert.ok(Math.abs(Math.hypot(ob[27]!, ob[28]!) - 1) < 1e-12);
    }
  });

  test('an episode is a function of the seed: same seed, same bytes; another seed, another episode', () => {
    const other = createEnv(mujoco, ID);
    try {
      assert.ok(episodeBytes(env, 7n, action).equals(episodeBytes(other, 7n, action)));
      assert.ok(!episodeBytes(env, 7n, action).equals(episodeBytes(other, 8n, action)));
    } finally {
      other.dispose();
    }
  });

  test('reward = torso x-y displacement over the step projected on the commanded direction', () => {
    env.reset(11n, 1);
    const { qpos, qvel } = env.ant.sim;
    // Slide the ant along +x so the displacement is large and mostly along x.
    const velocity = Float64Array.from(qvel);
    velocity[0] = 2;
    env.setState(qpos.slice(), velocity);
    const [x0, y0] = [qpos[0]!, qpos[1]!];
    const [dx, dy] = env.direction;
    const { reward } = env.step(ZERO);
    const displacement = [qpos[0]! - x0, qpos[1]! - y0] as const;
    assert.ok(displacement[0] > 0.1, `ant moved ${displacement[0]} m along x`);
    assert.equal(reward, displacement[0] * dx + displacement[1] * dy);
  });

  test('terminates when the torso z leaves [0.2, 1.0], not inside it', () => {
    env.reset(12n, 0);
    assert.equal(env.step(ZERO).terminated, false);
    const lifted = env.ant.sim.qpos.slice();
    lifted[2] = 3;
    env.setState(lifted, new Float64Array(14));
    const result = env.step(ZERO);
    assert.ok(env.ant.sim.qpos[2]! > 1);
    assert.deepEqual([result.terminated, result.success], [true, false]);

    // Below the floor: contacts push the torso up, but after one step it is still under 0.2.
    env.reset(12n, 0);
    const sunk = env.ant.sim.qpos.slice();
    sunk[2] = -3;
    env.setState(sunk, new Float64Array(14));
    const low = env.step(ZERO);
    assert.ok(env.ant.sim.qpos[2]! < 0.2, `torso z ${env.ant.sim.qpos[2]}`);
    assert.equal(low.terminated, true);
  });

  test('draws a new direction after every 100th step and truncates at step 1000', () => {
    let previous = Array.from(env.reset(13n, 0).subarray(27));
    const changes: number[] = [];
    for (let t = 1; t <= 1000; t++) {
      const { observation, truncated } = env.step(ZERO);
      assert.equal(truncated, t === 1000, `truncated at step ${t}`);
      const direction = Array.from(observation.subarray(27));
      if (direction.some((v, k) => v !== previous[k])) changes.push(t);
      previous = direction;
    }
    assert.deepEqual(changes, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  test('bad input throws and names the problem', () => {
    assert.throws(() => env.reset(1n, 2), /task id 2 is not valid for online-ant-xy-v0/);
    env.reset(1n, 0);
    assert.throws(() => env.step([0, 0]), /action has 2 elements, expected 8/);
    assert.throws(() => env.step([NaN, 0, 0, 0, 0, 0, 0, 0]), /action\[0\] is NaN/);
    const fresh = createEnv(mujoco, ID);
    try {
      assert.throws(() => fresh.step(ZERO), /step\(\) called before reset\(\)/);
    } finally {
      fresh.dispose();
    }
  });
});
