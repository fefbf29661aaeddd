// Conversion of the envs' EnvSpec into the wire message qflow.v1.EnvSpec.
import { type ArraySpec as ArraySpecMessage, type EnvSpec as EnvSpecMessage, dtypeFromName } from '@qflow/proto';
import type { ArraySpec, EnvSpec } from '../envs/env.js';

function arraySpecMessage(spec: ArraySpec): ArraySpecMessage {
  return { shape: [...spec.shape], dtype: dtypeFromName(spec.dtype), low: spec.low ?? [], high: spec.high ?? [] };
}

/** `maxEnvsPerSession`: the largest num_envs this server accepts for the env id. */
export function envSpecMessage(spec: EnvSpec, maxEnvsPerSession: number): EnvSpecMessage {
  return {
    id: spec.id,
    family: spec.family,
    defaultTask: spec.defaultTask,
    numTasks: spec.numTasks,
    maxEpisodeSteps: spec.maxEpisodeSteps,
    observation: arraySpecMessage(spec.observation),
    action: arraySpecMessage(spec.action),
    datasetNames: [...spec.datasets],
    maxEnvsPerSession,
  };
}
