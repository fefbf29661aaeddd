// online-humanoid-xy-v0 (docs/environments.md#direction-following-envs): spec and observation layout, determinism
// per seed, the standing-times-progress reward and its tolerance shaping, a new direction every 200 steps, no
// termination and truncation at 1000 steps.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec } from '../src/envs/registry.js';
import type { HumanoidXyEnv } from '../src/envs/online/humanoid-xy-env.js';
import { gaussianTolerance, linearTolerance } from '../src/envs/online/tolerance.js';
import { episodeBytes } from './support/episode-bytes.js';

const ID = 'online-humanoid-xy-v0';
const ZERO = new Float64Array(21);
const action = (t: number) => Array.from({ length: 21 }, (_, k) => Math.sin(0.5 * t + k));

describe('online-humanoid-xy env', () => {
  let mujoco: Mujoco;
  let env: HumanoidXyEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, ID) as HumanoidXyEnv;
  });
  after(() => env.dispose());

  test('is listed with a 69-D observation, 21-D unit-box action and 1000-step episodes', () => {
    const spec = envSpec(ID);
    assert.deepEqual(spec.observation.shape, [69]);
    assert.deepEqual([spec.action.shape, spec.action.low, spec.action.high], [[21], Array(21).fill(-1), Array(21).fill(1)]);
    assert.deepEqual([spec.maxEpisodeSteps, spec.numTasks, spec.datasets], [1000, 1, []]);
  });

  test('observation = the humanoid observation without root x-y ‖ unit direction', () => {
    const observations = [() => env.reset(2n, 0), () => env.step(action(0)).observation];
    for (const observe of observations) {
      const ob = observe();
      assert.deepEqual(Array.from(ob.subarray(0, 67)), Array.from(env.humanoid.observe().subarray(2)));
      assert.deepEqual(Array.from(ob.subarray(67)), env.direction);
      assert.ok(Math.abs(Math.hypot(ob[67]!, ob[68]!) - 1) < 1e-12);
    }
  });

  test('an episode is a function of the seed', () => {
    const other = createEnv(mujoco, ID);
    try {
      assert.ok(episodeBytes(env, 9n, action).equals(episodeBytes(other, 9n, action)));
      assert.ok(!episodeBytes(env, 9n, action).equals(episodeBytes(other, 10n, action)));
    } finally {
      other.dispose();
    }
  });

  test('tolerance: 1 at or above the bound; Gaussian gives 0.1 and linear 0 one margin below', () => {
    assert.equal(gaussianTolerance(1.5, 1.4, 0.35), 1);
    assert.ok(Math.abs(gaussianTolerance(1.4 - 0.35, 1.4, 0.35) - 0.1) < 1e-12);
    assert.equal(linearTolerance(0.9, 0.9, 1.9), 1);
    assert.ok(Math.abs(linearTolerance(0.9 - 0.95, 0.9, 1.9) - 0.5) < 1e-12);
    assert.equal(linearTolerance(-1, 0.9, 1.9), 0);
  });

  test('reward = stand(head z, torso zz) · (1 + 100 · root x-y displacement projected on the direction)', () => {
    env.reset(6n, 0);
    const { qpos, qvel } = env.humanoid.sim;
    // Put the humanoid upright at standing height, moving along +x, so both factors matter.
    const upright = qpos.slice();
    upright[2] = 1.3;
    upright.set([1, 0, 0, 0], 3);
    const velocity = new Float64Array(qvel.length);
    velocity[0] = 1;
    env.setState(upright, velocity);
    const [x0, y0] = [qpos[0]!, qpos[1]!];
    const [dx, dy] = env.direction;
    const { reward } = env.step(ZERO);
    const ob = env.humanoid.observe();
    const stand = gaussianTolerance(ob[23]!, 1.4, 0.35) * linearTolerance(ob[38]!, 0.9, 1.9);
    assert.ok(stand > 0.1, `stand ${stand}`);
    assert.ok(Math.abs(qpos[0]! - x0) > 0.01, 'the humanoid did not move');
    assert.equal(reward, stand * (1 + 100 * ((qpos[0]! - x0) * dx + (qpos[1]! - y0) * dy)));
  });

  test('draws a new direction after every 200th step, never terminates, truncates at step 1000', () => {
    let previous = Array.from(env.reset(7n, 0).subarray(67));
    const changes: number[] = [];
    for (let t = 1; t <= 1000; t++) {
      const { observation, terminated, truncated } = env.step(ZERO);
      assert.deepEqual([terminated, truncated], [false, t === 1000], `step ${t}`);
      const direction = Array.from(observation.subarray(67));
      if (direction.some((v, k) => v !== previous[k])) changes.push(t);
      previous = direction;
    }
    assert.deepEqual(changes, [200, 400, 600, 800, 1000]);
  });
});
