// The antsoccer family as the registry sees it: its single-task env ids, their specs, and the factory.
// The registry adds the aliases (`antsoccer-<maze>-singletask-v0` = task4, dataset-style ids).
import { environmentShape, SOCCER_DEFAULT_TASK, type SoccerMaze, soccerTasks } from '@qflow/datasets';
import { singleTaskFamily } from '../single-task-family.js';
import { unitBoxAction } from '../unit-action.js';
import { AntSoccerEnv } from './antsoccer-env.js';

const MAZES: readonly SoccerMaze[] = ['arena', 'medium'];

export const antsoccerFamily = singleTaskFamily({
  family: 'antsoccer',
  defaultTask: SOCCER_DEFAULT_TASK,
  variants: MAZES,
  taskCount: (maze) => soccerTasks(maze).length,
  variantSpec: (maze) => {
    const shape = environmentShape(`antsoccer-${maze}`);
    return {
      maxEpisodeSteps: shape.maxEpisodeSteps,
      observation: { shape: [shape.observationDim], dtype: 'float64' },
      action: unitBoxAction(shape.actionDim),
      datasets: [`antsoccer-${maze}-navigate-v0`, `antsoccer-${maze}-stitch-v0`],
    };
  },
  create: (mujoco, spec, maze) => new AntSoccerEnv(mujoco, spec, maze),
});
