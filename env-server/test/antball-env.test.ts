// online-antball-v0 (docs/environments.md#direction-following-envs): spec and observation layout, the reset's
// draws, determinism per seed, reward = 10·(2.5·ball-to-goal progress + ant-to-ball progress), and 200-step
// episodes that end by truncation only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec } from '../src/envs/registry.js';
import type { AntBallEnv } from '../src/envs/online/antball-env.js';
import { episodeBytes } from './support/episode-bytes.js';

const ID = 'online-antball-v0';
const BALL = 15;
const ZERO = new Float64Array(8);
const action = (t: number) => Array.from({ length: 8 }, (_, k) => Math.cos(0.3 * t + 2 * k));

describe('online-antball env', () => {
  let mujoco: Mujoco;
  let env: AntBallEnv;
  before(async () => {
    mujoco = await loadMujoco();
    env = createEnv(mujoco, ID) as AntBallEnv;
  });
  after(() => env.dispose());

  test('is listed with a 42-D observation, 8-D unit-box action and 200-step episodes', () => {
    const spec = envSpec(ID);
    assert.deepEqual(spec.observation.shape, [42]);
    assert.deepEqual(spec.action.shape, [8]);
    assert.deepEqual([spec.action.low, spec.action.high], [Array(8).fill(-1), Array(8).fill(1)]);
    assert.deepEqual([spec.maxEpisodeSteps, spec.numTasks, spec.datasets], [200, 1, []]);
  });

  test('observation = ant qpos without x-y ‖ ball qpos without x-y ‖ qvel ‖ ball − ant ‖ goal − ball', () => {
    const observations = [() => env.reset(3n, 0), () => env.step(action(0)).observation];
    for (const observe of observations) {
      const ob = observe();
      const { qpos, qvel } = env.ant.sim;
      const [gx, gy] = env.goal;
      assert.equal(ob.length, 42);
      assert.deepEqual(Array.from(ob.subarray(0, 13)), Array.from(qpos.subarray(2, BALL)));
      assert.deepEqual(Array.from(ob.subarray(13, 18)), Array.from(qpos.subarray(BALL + 2)));
      assert.deepEqual(Array.from(ob.subarray(18, 38)), Array.from(qvel));
      assert.deepEqual(Array.from(ob.subarray(38)), [qpos[BALL]! - qpos[0]!, qpos[BALL + 1]! - qpos[1]!, gx - qpos[BALL]!, gy - qpos[BALL + 1]!]);
    }
  });

  test('reset draws the ant x-y in [−1, 1]², the ball in [−2, 2]² and the goal in [−12, 12]², per seed', () => {
    const goals = new Set<string>();
    let farGoal = false;
    for (let seed = 0n; seed < 20n; seed++) {
      env.reset(seed, 0);
      const { qpos } = env.ant.sim;
      const [gx, gy] = env.goal;
      assert.ok(Math.max(Math.abs(qpos[0]!), Math.abs(qpos[1]!)) <= 1, `ant at ${qpos[0]}, ${qpos[1]}`);
      assert.ok(Math.max(Math.abs(qpos[BALL]!), Math.abs(qpos[BALL + 1]!)) <= 2, `ball at ${qpos[BALL]}, ${qpos[BALL + 1]}`);
      assert.ok(Math.max(Math.abs(gx), Math.abs(gy)) <= 12, `goal at ${gx}, ${gy}`);
      farGoal ||= Math.max(Math.abs(gx), Math.abs(gy)) > 4;
      goals.add(`${gx},${gy}`);
    }
    assert.equal(goals.size, 20);
    assert.ok(farGoal, 'no goal beyond the ball range in 20 seeds');
  });

  test('an episode is a function of the seed', () => {
    const other = createEnv(mujoco, ID);
    try {
      assert.ok(episodeBytes(env, 21n, action).equals(episodeBytes(other, 21n, action)));
      assert.ok(!episodeBytes(env, 21n, action).equals(episodeBytes(other, 22n, action)));
    } finally {
      other.dispose();
    }
  });

  test('reward = 10·(2.5·decrease of the ball–goal distance + decrease of the ant–ball distance)', () => {
    env.reset(4n, 0);
    const { qpos, qvel } = env.ant.sim;
    const [gx, gy] = env.goal;
    // Roll the ball toward the goal so both terms are non-zero.
    const velocity = Float64Array.from(qvel);
    const toGoal = Math.hypot(gx - qpos[BALL]!, gy - qpos[BALL + 1]!);
    velocity[14] = (2 * (gx - qpos[BALL]!)) / toGoal;
    velocity[15] = (2 * (gy - qpos[BALL + 1]!)) / toGoal;
    env.setState(qpos.slice(), velocity);
    const distances = () => [
      Math.hypot(gx - qpos[BALL]!, gy - qpos[BALL + 1]!),
      Math.hypot(qpos[BALL]! - qpos[0]!, qpos[BALL + 1]! - qpos[1]!),
    ] as const;
    const [ballGoal0, antBall0] = distances();
    const { reward } = env.step(ZERO);
    const [ballGoal1, antBall1] = distances();
    assert.ok(ballGoal0 - ballGoal1 > 0.05, `ball moved ${ballGoal0 - ballGoal1} m toward the goal`);
    assert.equal(reward, 10 * (2.5 * (ballGoal0 - ballGoal1) + (antBall0 - antBall1)));
  });

  test('episodes are truncated at step 200 and never terminate, even with the ant lifted out of the ant-xy height range', () => {
    env.reset(5n, 0);
    const lifted = env.ant.sim.qpos.slice();
    lifted[2] = 3;
    env.setState(lifted, env.ant.sim.qvel.slice());
    for (let t = 1; t <= 200; t++) {
      const { terminated, truncated } = env.step(action(t));
      assert.deepEqual([terminated, truncated], [false, t === 200], `step ${t}`);
    }
  });
});
