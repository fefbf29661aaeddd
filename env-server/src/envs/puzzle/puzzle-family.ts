// The puzzle families as the registry sees them: single-task ids puzzle-<size>-singletask-task<K>-v0.
// One EnvFamily per size, because the default task differs (task4 for 3x3/4x4, task2 for 4x5/4x6).
import { environmentShape, PUZZLE_DEFAULT_TASK, PUZZLE_SIZES, puzzleTasks } from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import { manipulationActionSpec } from '../manipulation/manipulation-sim.js';
import { singleTaskFamily } from '../single-task-family.js';
import { PuzzleEnv, puzzleObservationSize } from './puzzle-env.js';
import { puzzleGrid } from './puzzle-sizes.js';

/** One family object per grid size. */
export const puzzleFamilies: readonly EnvFamily<Mujoco>[] = PUZZLE_SIZES.map((size) =>
  singleTaskFamily({
    family: 'puzzle',
    name: `puzzle-${size}`,
    defaultTask: PUZZLE_DEFAULT_TASK[size],
    variants: [size],
    taskCount: () => puzzleTasks(size).length,
    variantSpec: () => {
      const { rows, cols } = puzzleGrid(size);
      return {
        maxEpisodeSteps: environmentShape(`puzzle-${size}`).maxEpisodeSteps,
        observation: { shape: [puzzleObservationSize(rows * cols)], dtype: 'float64' },
        action: manipulationActionSpec(),
        datasets: [`puzzle-${size}-play-v0`, `puzzle-${size}-noisy-v0`],
      };
    },
    create: (mujoco, spec) => new PuzzleEnv(mujoco, spec, size),
  }),
);
