// The heap probe behind memory admission: what one env costs in a MuJoCo heap, consistent however many
// measurements run at once and across replacements of the probe instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEnv } from '../src/envs/registry.js';
import { EnvHeapProbe } from '../src/workers/env-heap-probe.js';
import { loadMujoco, heapTopBytes } from '../src/physics/mujoco-loader.js';

const ENV_ID = 'antmaze-medium-singletask-task1-v0';

test('concurrent measurements across probe replacements agree with building envs in a fresh heap', { timeout: 60_000 }, async () => {
  // Reference: the top of a fresh heap moves by about this much per env built.
  const mujoco = await loadMujoco();
  const start = heapTopBytes(mujoco);
  const envs = Array.from({ length: 4 }, () => createEnv(mujoco, ENV_ID));
  const perEnv = (heapTopBytes(mujoco) - start) / envs.length;
  for (const env of envs) env.dispose();

  // A probe limited to ~3 envs per instance, so that these measurements span several instances.
  const probe = new EnvHeapProbe((instance, id) => createEnv(instance, id), 3 * perEnv);
  const costs = await Promise.all(Array.from({ length: 7 }, () => probe.measure(ENV_ID)));
  for (const cost of costs) assert.ok(cost > 0.9 * perEnv && cost < 1.25 * perEnv, `measured ${cost} bytes; building envs takes ${perEnv} each`);
});
