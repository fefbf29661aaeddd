// The in-process baseline of benchmark row (c): `k` envs stepped in a loop on this thread, with the seeds
// and action table the gRPC load uses, so that the two differ only by the server path.
import { EnvRng } from '../src/envs/env-rng.js';
import { createEnv } from '../src/envs/registry.js';
import type { Mujoco } from '../src/physics/mujoco-loader.js';

const ACTION_BATCHES = 64;

/** ACTION_BATCHES batches of `numEnvs` × `actionDim` actions, uniform in [-1, 1], from a fixed seed. */
export function actionTable(numEnvs: number, actionDim: number): Float32Array[] {
  const rng = new EnvRng(2024n);
  return Array.from({ length: ACTION_BATCHES }, () => Float32Array.from({ length: numEnvs * actionDim }, () => rng.uniform(-1, 1)));
}

/** Env steps/s of `numEnvs` envs (seeds 1..numEnvs) stepped batch after batch for about `seconds`. */
export function batchEnvSteps(mujoco: Mujoco, envId: string, numEnvs: number, seconds: number): number {
  const envs = Array.from({ length: numEnvs }, () => createEnv(mujoco, envId));
  try {
    const { action, defaultTask } = envs[0]!.spec;
    const actionDim = action.shape[0]!;
    const table = actionTable(numEnvs, actionDim);
    const nextSeed = envs.map((env, i) => {
      env.reset(BigInt(i + 1), defaultTask);
      return BigInt(1000 * (i + 1));
    });
    let batches = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    while (performance.now() < end) {
      const actions = table[batches % ACTION_BATCHES]!;
      envs.forEach((env, i) => {
        const result = env.step(actions.subarray(i * actionDim, (i + 1) * actionDim));
        if (result.terminated || result.truncated) env.reset(nextSeed[i]!++, defaultTask);
      });
      batches++;
    }
    return (batches * numEnvs) / ((performance.now() - start) / 1000);
  } finally {
    for (const env of envs) env.dispose();
  }
}
