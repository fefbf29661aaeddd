// The rows of one locomotion episode (OGBench's arrays before the action: observation, qpos, qvel; the action) and
// the env seed an episode's generator hands its reset.
import type { Env } from '../envs/env.js';
import type { EnvRng } from '../envs/env-rng.js';
import type { CompiledModel } from '../physics/compiled-model.js';
import type { EpisodeRows } from '../oracles/episode-collector.js';

export function allocateRows(env: Env & { physics: CompiledModel }, length: number): EpisodeRows {
  const { nq, nv } = env.physics;
  return {
    observations: new Float32Array(length * env.spec.observation.shape[0]!),
    actions: new Float32Array(length * env.spec.action.shape[0]!),
    qpos: new Float32Array(length * nq),
    qvel: new Float32Array(length * nv),
    subtasks: 0,
    successes: 0,
  };
}

/** Stores row t's observation and the physics' qpos and qvel (the state before the action). */
export function recordRow(rows: EpisodeRows, t: number, observation: Float64Array, physics: CompiledModel): void {
  rows.observations.set(observation, t * observation.length);
  rows.qpos.set(physics.qpos.subarray(0, physics.nq), t * physics.nq);
  rows.qvel.set(physics.qvel.subarray(0, physics.nv), t * physics.nv);
}

/** A 64-bit env reset seed from two draws of the episode's generator. */
export function drawEnvSeed(rng: EnvRng): bigint {
  return (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32());
}
