// The cube family as the registry sees it: single-task ids cube-<variant>-singletask-task<K>-v0, specs, factory.
import { CUBE_DEFAULT_TASK, CUBE_VARIANTS, cubeTasks, environmentShape } from '@qflow/datasets';
import { manipulationActionSpec } from '../manipulation/manipulation-sim.js';
import { singleTaskFamily } from '../single-task-family.js';
import { CubeEnv, cubeObservationSize } from './cube-env.js';
import { CUBE_COUNT } from './cube-variants.js';

export const cubeFamily = singleTaskFamily({
  family: 'cube',
  defaultTask: CUBE_DEFAULT_TASK,
  variants: CUBE_VARIANTS,
  taskCount: (variant) => cubeTasks(variant).length,
  variantSpec: (variant) => ({
    maxEpisodeSteps: environmentShape(`cube-${variant}`).maxEpisodeSteps,
    observation: { shape: [cubeObservationSize(CUBE_COUNT[variant])], dtype: 'float64' },
    action: manipulationActionSpec(),
    datasets: [`cube-${variant}-play-v0`, `cube-${variant}-noisy-v0`],
  }),
  create: (mujoco, spec, variant) => new CubeEnv(mujoco, spec, variant),
});
