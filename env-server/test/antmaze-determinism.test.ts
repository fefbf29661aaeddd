// An episode is a pure function of (seed, task, actions): across env instances, interleaving, and separately
// loaded MuJoCo modules. And every MjModel/MjData an env creates is freed.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadMujoco, wasmHeapBytes, type Mujoco } from '../src/physics/mujoco-loader.js';
import { CompiledModel } from '../src/physics/compiled-model.js';
import { createEnv } from '../src/envs/registry.js';
import type { Env } from '../src/envs/env.js';
import { Rng } from '../src/envs/random.js';

const ID = 'antmaze-teleport-singletask-task2-v0';
const STEPS = 200;

/** A fixed action sequence drawn from its own generator. */
function actions(seed: bigint, steps: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: steps }, () => Float64Array.from({ length: 8 }, () => rng.uniform(-1, 1)));
}

function rollout(env: Env, seed: bigint, task: number, acts: Float64Array[]): Float64Array[] {
  const obs = [env.reset(seed, task)];
  for (const a of acts) obs.push(env.step(a).observation);
  return obs;
}

function assertBitIdentical(a: Float64Array[], b: Float64Array[], what: string): void {
  assert.equal(a.length, b.length);
  a.forEach((ob, t) => assert.deepEqual(Buffer.from(ob.buffer, ob.byteOffset, ob.byteLength), Buffer.from(b[t]!.buffer, b[t]!.byteOffset, b[t]!.byteLength), `${what}: step ${t}`));
}

describe('determinism', () => {
  let mujoco: Mujoco;
  before(async () => {
    mujoco = await loadMujoco();
  });

  test('same seed and actions give bit-identical observations in two envs of one module, even interleaved', () => {
    const acts = actions(5n, STEPS);
    const a = createEnv(mujoco, ID);
    const b = createEnv(mujoco, ID);
    try {
      const alone = rollout(a, 42n, 0, acts);
      // Interleave b with a third episode in a, so the two envs' steps alternate.
      const obsB = [b.reset(42n, 0)];
      a.reset(9n, 3);
      for (const act of acts) {
        obsB.push(b.step(act).observation);
        a.step(act);
      }
      assertBitIdentical(alone, obsB, 'interleaved');
      assertBitIdentical(alone, rollout(a, 42n, 0, acts), 'replayed in the same env');
      const other = rollout(a, 43n, 0, acts);
      assert.notDeepEqual(other[0], alone[0], 'a different seed gives a different episode');
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  test('two separately loaded MuJoCo modules agree bit for bit', async () => {
    const acts = actions(6n, STEPS);
    const second = await loadMujoco();
    const a = createEnv(mujoco, ID);
    const b = createEnv(second, ID);
    try {
      assertBitIdentical(rollout(a, 7n, 4, acts), rollout(b, 7n, 4, acts), 'two modules');
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('memory', () => {
  test('creating and disposing many envs keeps the wasm heap bounded', { timeout: 60_000 }, async () => {
    const mujoco = await loadMujoco();
    const cycle = () => {
      const env = createEnv(mujoco, 'antmaze-giant-singletask-task1-v0');
      env.reset(1n, 0);
      env.step(new Float64Array(8));
      env.dispose();
    };
    for (let k = 0; k < 5; k++) cycle();
    const settled = wasmHeapBytes(mujoco);
    for (let k = 0; k < 60; k++) cycle();
    assert.equal(wasmHeapBytes(mujoco), settled, 'the heap did not grow over 60 create/dispose cycles');
  });

  test('the heap check can fail: envs that are not disposed make the heap grow', { timeout: 60_000 }, async () => {
    const mujoco = await loadMujoco();
    const before = wasmHeapBytes(mujoco);
    const kept: Env[] = [];
    try {
      for (let k = 0; k < 60; k++) kept.push(createEnv(mujoco, 'antmaze-giant-singletask-task1-v0'));
      assert.ok(wasmHeapBytes(mujoco) > before, 'live envs occupy heap');
    } finally {
      kept.forEach((env) => env.dispose());
    }
  });

  test('a model that does not compile reports MuJoCo\'s message and leaks nothing', async () => {
    const mujoco = await loadMujoco();
    assert.throws(() => new CompiledModel(mujoco, '<mujoco><worldbody><nonsense/></worldbody></mujoco>'), /MJCF did not compile: .*nonsense/s);
    const model = new CompiledModel(mujoco, '<mujoco><worldbody><body><freejoint/><geom size="0.1"/></body></worldbody></mujoco>');
    model.dispose();
    model.dispose(); // idempotent
    assert.throws(() => model.qpos, /after dispose/);
  });
});
