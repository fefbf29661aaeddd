// The puzzle families as the registry sees them: single-task ids puzzle-<size>-singletask-task<K>-v0.
// One EnvFamily per size, because the default task differs (task4 for 3x3/4x4, task2 for 4x5/4x6).
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { EnvSpec } from '../env.js';
import { manipulationActionSpec } from '../manipulation/manipulation-sim.js';
import { PuzzleEnv, puzzleObservationSize } from './puzzle-env.js';
import {
  PUZZLE_DEFAULT_TASK, PUZZLE_EPISODE_STEPS, PUZZLE_SIZES, puzzleGrid, puzzleTasks, type PuzzleSize,
} from './puzzle-tasks.js';

export function puzzleEnvId(size: PuzzleSize, task: number): string {
  return `puzzle-${size}-singletask-task${task}-v0`;
}

function spec(size: PuzzleSize, task: number): EnvSpec {
  const { rows, cols } = puzzleGrid(size);
  return {
    id: puzzleEnvId(size, task),
    family: 'puzzle',
    defaultTask: task,
    numTasks: puzzleTasks(size).length,
    maxEpisodeSteps: PUZZLE_EPISODE_STEPS[size],
    observation: { shape: [puzzleObservationSize(rows * cols)], dtype: 'float64' },
    action: manipulationActionSpec(),
    datasets: [`puzzle-${size}-play-v0`, `puzzle-${size}-noisy-v0`],
  };
}

function familyOf(size: PuzzleSize): EnvFamily<Mujoco> {
  const specs = puzzleTasks(size).map((_, k) => spec(size, k + 1));
  return {
    family: 'puzzle',
    defaultTask: PUZZLE_DEFAULT_TASK[size],
    specs: () => specs.map((s) => structuredClone(s)),
    create(mujoco: Mujoco, id: string): PuzzleEnv {
      const found = specs.find((s) => s.id === id);
      if (!found) throw new Error(`puzzle-${size} has no env '${id}'`);
      return new PuzzleEnv(mujoco, structuredClone(found), size);
    },
  };
}

/** One family object per grid size. */
export const puzzleFamilies: readonly EnvFamily<Mujoco>[] = PUZZLE_SIZES.map(familyOf);
