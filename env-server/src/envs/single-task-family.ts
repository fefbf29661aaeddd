// The shape every single-task family shares: ids `<family>-<variant>-singletask-task<K>-v0`, one EnvSpec per
// (variant, task), and a factory that builds the env of an id from its spec and variant.
import type { Mujoco } from '../physics/mujoco-loader.js';
import type { EnvFamily } from './env-family.js';
import type { Env, EnvSpec } from './env.js';

/** The part of an EnvSpec that depends on the variant (maze, cube count, grid size) only. */
export type VariantSpec = Pick<EnvSpec, 'maxEpisodeSteps' | 'observation' | 'action' | 'datasets'>;

export interface SingleTaskFamilyParts<V extends string> {
  family: string;
  /** Family name in the unknown-id error (default: `family`). */
  name?: string;
  /** Task that the alias `<env>-singletask-v0` stands for. */
  defaultTask: number;
  variants: readonly V[];
  taskCount(variant: V): number;
  variantSpec(variant: V): VariantSpec;
  create(mujoco: Mujoco, spec: EnvSpec, variant: V): Env;
}

/** The family of every (variant, task 1..taskCount(variant)); specs and created envs get copies of the specs. */
export function singleTaskFamily<V extends string>(parts: SingleTaskFamilyParts<V>): EnvFamily<Mujoco> {
  const { family, defaultTask, variants } = parts;
  const entries = variants.flatMap((variant) =>
    Array.from({ length: parts.taskCount(variant) }, (_, k): { spec: EnvSpec; variant: V } => ({
      variant,
      spec: {
        id: `${family}-${variant}-singletask-task${k + 1}-v0`,
        family,
        defaultTask: k + 1,
        numTasks: parts.taskCount(variant),
        ...parts.variantSpec(variant),
      },
    })),
  );
  return {
    family,
    defaultTask,
    specs: () => entries.map(({ spec }) => structuredClone(spec)),
    create(mujoco: Mujoco, id: string): Env {
      const found = entries.find(({ spec }) => spec.id === id);
      if (!found) throw new Error(`${parts.name ?? family} has no env '${id}'`);
      return parts.create(mujoco, structuredClone(found.spec), found.variant);
    },
  };
}
