// An env's episode as bytes, for determinism tests: the reset observation, then each step's observation and
// reward, concatenated. Two runs are the same episode exactly when their bytes are equal.
import type { Env } from '../../src/envs/env.js';

export const float64Bytes = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** `steps` steps of `env` from `seed` (task 0: the default), the action of step t being `action(t)`. */
export function episodeBytes(env: Pick<Env, 'reset' | 'step'>, seed: bigint, action: (t: number) => number[], steps = 20): Buffer {
  const out = [float64Bytes(env.reset(seed, 0))];
  for (let t = 0; t < steps; t++) {
    const { observation, reward } = env.step(action(t));
    out.push(float64Bytes(observation), float64Bytes(Float64Array.of(reward)));
  }
  return Buffer.concat(out);
}
