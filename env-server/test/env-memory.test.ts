// Every MjModel/MjData an env creates is freed: the wasm heap stays bounded over create/dispose cycles, and a
// model that does not compile leaks nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadMujoco, wasmHeapBytes } from '../src/physics/mujoco-loader.js';
import { CompiledModel } from '../src/physics/compiled-model.js';
import { createEnv } from '../src/envs/registry.js';
import type { Env } from '../src/envs/env.js';

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
