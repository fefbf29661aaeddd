// The cube family as the registry sees it: single-task ids cube-<variant>-singletask-task<K>-v0, specs, factory.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { EnvSpec } from '../env.js';
import { manipulationActionSpec } from '../manipulation/manipulation-sim.js';
import { CubeEnv, cubeObservationSize } from './cube-env.js';
import { CUBE_COUNT, CUBE_DEFAULT_TASK, CUBE_EPISODE_STEPS, CUBE_VARIANTS, cubeTasks, type CubeVariant } from './cube-tasks.js';

export function cubeEnvId(variant: CubeVariant, task: number): string {
  return `cube-${variant}-singletask-task${task}-v0`;
}

function spec(variant: CubeVariant, task: number): EnvSpec {
  return {
    id: cubeEnvId(variant, task),
    family: 'cube',
    defaultTask: task,
    numTasks: cubeTasks(variant).length,
    maxEpisodeSteps: CUBE_EPISODE_STEPS[variant],
    observation: { shape: [cubeObservationSize(CUBE_COUNT[variant])], dtype: 'float64' },
    action: manipulationActionSpec(),
    datasets: [`cube-${variant}-play-v0`, `cube-${variant}-noisy-v0`],
  };
}

const SPECS: readonly EnvSpec[] = CUBE_VARIANTS.flatMap((variant) => cubeTasks(variant).map((_, k) => spec(variant, k + 1)));

export const cubeFamily: EnvFamily<Mujoco> = {
  family: 'cube',
  defaultTask: CUBE_DEFAULT_TASK,
  specs: () => SPECS.map((s) => structuredClone(s)),
  create(mujoco: Mujoco, id: string): CubeEnv {
    const found = SPECS.find((s) => s.id === id);
    if (!found) throw new Error(`cube has no env '${id}'`);
    return new CubeEnv(mujoco, structuredClone(found), found.id.split('-')[1] as CubeVariant);
  },
};
