// The antmaze family as the registry sees it: its single-task env ids, their specs, and the factory.
import { environmentShape, NAVIGATION_DEFAULT_TASK, type NavigationMaze, navigationTasks } from '@qflow/datasets';
import { singleTaskFamily } from '../single-task-family.js';
import { unitBoxAction } from '../unit-action.js';
import { AntMazeEnv } from './antmaze-env.js';

const MAZES: readonly NavigationMaze[] = ['medium', 'large', 'giant', 'teleport'];

/** OGBench dataset kinds per maze (docs/datasets.md#dataset-sizes: giant has no explore dataset). */
const DATASET_KINDS: Record<NavigationMaze, readonly string[]> = {
  medium: ['navigate', 'stitch', 'explore'],
  large: ['navigate', 'stitch', 'explore'],
  giant: ['navigate', 'stitch'],
  teleport: ['navigate', 'stitch', 'explore'],
};

export const antmazeFamily = singleTaskFamily({
  family: 'antmaze',
  defaultTask: NAVIGATION_DEFAULT_TASK,
  variants: MAZES,
  taskCount: (maze) => navigationTasks(maze).length,
  variantSpec: (maze) => {
    const shape = environmentShape(`antmaze-${maze}`);
    return {
      maxEpisodeSteps: shape.maxEpisodeSteps,
      observation: { shape: [shape.observationDim], dtype: 'float64' },
      action: unitBoxAction(shape.actionDim),
      datasets: DATASET_KINDS[maze].map((kind) => `antmaze-${maze}-${kind}-v0`),
    };
  },
  create: (mujoco, spec, maze) => new AntMazeEnv(mujoco, spec, maze),
});
