// The humanoidmaze family as the registry sees it: its single-task env ids, their specs, and the factory.
// The registry adds the aliases (`humanoidmaze-<maze>-singletask-v0`, dataset-style `...-navigate-singletask...`).
import { environmentShape, NAVIGATION_DEFAULT_TASK, navigationTasks } from '@qflow/datasets';
import { HUMANOID_NU, HUMANOID_OBSERVATION_SIZE } from '../humanoid/humanoid-robot.js';
import { singleTaskFamily } from '../single-task-family.js';
import { unitBoxAction } from '../unit-action.js';
import { HumanoidMazeEnv, type HumanoidMazeName } from './humanoidmaze-env.js';

const MAZES: readonly HumanoidMazeName[] = ['medium', 'large', 'giant', 'teleport'];

export const humanoidmazeFamily = singleTaskFamily({
  family: 'humanoidmaze',
  defaultTask: NAVIGATION_DEFAULT_TASK,
  variants: MAZES,
  taskCount: (maze) => navigationTasks(maze).length,
  variantSpec: (maze) => ({
    maxEpisodeSteps: environmentShape(`humanoidmaze-${maze}`).maxEpisodeSteps,
    observation: { shape: [HUMANOID_OBSERVATION_SIZE], dtype: 'float64' },
    action: unitBoxAction(HUMANOID_NU),
    // OGBench registers humanoidmaze-teleport's envs but publishes no dataset for it.
    datasets: maze === 'teleport' ? [] : [`humanoidmaze-${maze}-navigate-v0`, `humanoidmaze-${maze}-stitch-v0`],
  }),
  create: (mujoco, spec, maze) => new HumanoidMazeEnv(mujoco, spec, maze),
});
