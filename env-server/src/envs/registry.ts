// All hosted environment ids, their aliases, and the factory. Families are listed in ENV_FAMILIES.
import type { Mujoco } from '../physics/mujoco-loader.js';
import { antmazeFamily } from './antmaze/antmaze-family.js';
import { cubeFamily } from './cube/cube-family.js';
import { puzzleFamilies } from './puzzle/puzzle-family.js';
import { humanoidmazeFamily } from './humanoidmaze/humanoidmaze-family.js';
import { antsoccerFamily } from './antsoccer/antsoccer-family.js';
import { onlineFamily } from './online/online-family.js';
import type { EnvFamily } from './env-family.js';
import type { Env, EnvSpec } from './env.js';

/** Every env family the server hosts. To add one, append it here. */
const ENV_FAMILIES: EnvFamily<Mujoco>[] = [antmazeFamily, humanoidmazeFamily, antsoccerFamily, cubeFamily, ...puzzleFamilies, onlineFamily];

interface Catalog {
  specs: EnvSpec[];
  familyOf: Map<string, EnvFamily<Mujoco>>;
  /** Alias (or canonical id) → canonical id. */
  ids: Map<string, string>;
}

let catalog: Catalog | undefined;

const SINGLE_TASK_ID = /^(.+)-singletask-task(\d+)-v0$/;

/**
 * Aliases of a canonical id `<env>-singletask-task<K>-v0`, as OGBench accepts them:
 * `<env>-singletask-v0` for the family's default task, and the dataset-style
 * `<dataset>-singletask[-task<K>]-v0` for each dataset of the env (e.g. `antmaze-large-navigate-singletask-v0`).
 */
function aliasesOf(spec: EnvSpec, defaultTask: number): string[] {
  const match = SINGLE_TASK_ID.exec(spec.id);
  if (!match) return [];
  const [, base, task] = match;
  const isDefault = Number(task) === defaultTask;
  const aliases = isDefault ? [`${base}-singletask-v0`] : [];
  for (const dataset of spec.datasets) {
    const datasetBase = dataset.replace(/-v0$/, '');
    aliases.push(`${datasetBase}-singletask-task${task}-v0`);
    if (isDefault) aliases.push(`${datasetBase}-singletask-v0`);
  }
  return aliases;
}

function buildCatalog(): Catalog {
  const specs: EnvSpec[] = [];
  const familyOf = new Map<string, EnvFamily<Mujoco>>();
  const ids = new Map<string, string>();
  for (const family of ENV_FAMILIES) {
    for (const spec of family.specs()) {
      if (familyOf.has(spec.id)) throw new Error(`env id '${spec.id}' is registered twice`);
      specs.push(spec);
      familyOf.set(spec.id, family);
      ids.set(spec.id, spec.id);
    }
  }
  for (const spec of specs) {
    const family = familyOf.get(spec.id)!;
    for (const alias of aliasesOf(spec, family.defaultTask ?? 1)) {
      if (!ids.has(alias)) ids.set(alias, spec.id);
    }
  }
  return { specs, familyOf, ids };
}

function getCatalog(): Catalog {
  catalog ??= buildCatalog();
  return catalog;
}

/** Specs of every canonical env id (copies; safe to modify). */
export function envSpecs(): EnvSpec[] {
  return getCatalog().specs.map((spec) => structuredClone(spec));
}

/** Spec of an env id or alias; throws like resolveEnvId for an unknown name. */
export function envSpec(name: string): EnvSpec {
  const id = resolveEnvId(name);
  return structuredClone(getCatalog().specs.find((spec) => spec.id === id)!);
}

/** The canonical id of an env id or alias; throws an Error naming the bad id and the valid ones. */
export function resolveEnvId(name: string): string {
  const id = getCatalog().ids.get(name);
  if (id === undefined) {
    const valid = getCatalog().specs.map((spec) => spec.id);
    throw new Error(
      `unknown env id '${name}'. Valid ids: ${valid.join(', ')} ` +
        `(also accepted: '<env>-singletask-v0' for the default task and dataset-style ids such as ` +
        `'antmaze-large-navigate-singletask-task2-v0')`,
    );
  }
  return id;
}

/** Creates an env (id or alias) in the calling thread's MuJoCo instance. The caller must dispose() it. */
export function createEnv(mujoco: Mujoco, name: string): Env {
  const id = resolveEnvId(name);
  return getCatalog().familyOf.get(id)!.create(mujoco, id);
}
