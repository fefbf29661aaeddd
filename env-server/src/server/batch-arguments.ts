// Validation of the per-env arguments of Reset and Step requests. Everything is checked before a command
// reaches a worker, so a bad request changes nothing.
import { type Tensor, decodeFloat64, dtypeName, firstNonFinite, Dtype } from '@qflow/proto';
import { invalidArgument } from './rpc-error.js';

/** The env indices a request names (all, in order, when empty); rejects out-of-range and duplicates. */
export function envIndices(requested: number[], numEnvs: number): Uint32Array {
  if (requested.length === 0) {
    const all = new Uint32Array(numEnvs);
    for (let i = 0; i < numEnvs; i++) all[i] = i;
    return all;
  }
  const seen = new Uint8Array(numEnvs);
  for (const i of requested) {
    if (i >= numEnvs) throw invalidArgument(`env index ${i} out of range: the session has envs 0..${numEnvs - 1}`);
    if (seen[i]) throw invalidArgument(`env index ${i} appears twice in env_ids`);
    seen[i] = 1;
  }
  return Uint32Array.from(requested);
}

/** The actions of `k` envs as one fresh (transferable) Float64Array, checked against `actionShape`. */
export function actionRows(actions: Tensor | undefined, k: number, actionShape: number[]): Float64Array {
  if (!actions) throw invalidArgument(`actions missing: send a tensor of shape [${[k, ...actionShape].join(', ')}]`);
  if (actions.dtype !== Dtype.DTYPE_FLOAT32 && actions.dtype !== Dtype.DTYPE_FLOAT64) {
    throw invalidArgument(`actions have dtype ${dtypeName(actions.dtype)}; valid: float32, float64`);
  }
  const expected = [k, ...actionShape];
  if (actions.shape.length !== expected.length || actions.shape.some((d, i) => d !== expected[i])) {
    throw invalidArgument(`actions have shape [${actions.shape.join(', ')}], expected [${expected.join(', ')}] (envs stepped × action)`);
  }
  const values = decodeFloat64(actions);
  const bad = firstNonFinite(values);
  if (bad >= 0) {
    const dim = values.length / k;
    throw invalidArgument(`action of row ${Math.floor(bad / dim)} element ${bad % dim} is ${values[bad]}; actions must be finite`);
  }
  // Float32 input was widened into a fresh array; float64 input may alias gRPC's receive buffer, which must
  // not be transferred to a worker, so it is copied.
  return actions.dtype === Dtype.DTYPE_FLOAT32 ? values : values.slice();
}

/** Reset seeds, one per env; with the sequence flag, placeholders (the worker draws the seeds). */
export function resetSeeds(seeds: bigint[], k: number, useSequence: boolean): BigUint64Array {
  if (useSequence) return new BigUint64Array(k);
  if (seeds.length !== k) {
    throw invalidArgument(`got ${seeds.length} seeds for ${k} envs: give one seed per env, or set use_seed_sequence`);
  }
  return BigUint64Array.from(seeds);
}

/** Task ids resolved to 1..numTasks: 0 means `sessionTask`; empty means 0 for every env. */
export function resetTasks(taskIds: number[], k: number, sessionTask: number, numTasks: number): Uint32Array {
  if (taskIds.length !== 0 && taskIds.length !== k) {
    throw invalidArgument(`got ${taskIds.length} task ids for ${k} envs: give one per env, or none`);
  }
  const tasks = new Uint32Array(k);
  for (let row = 0; row < k; row++) {
    const task = taskIds[row] ?? 0;
    if (task > numTasks) throw invalidArgument(`unknown task id ${task}; valid: 0 (the session's task) or 1..${numTasks}`);
    tasks[row] = task === 0 ? sessionTask : task;
  }
  return tasks;
}
