// The goal of a single-task environment, as the relabelling of a dataset needs it: which state to compare
// (agent x-y, ball x-y, cube positions, button states) and against what.
import { CUBE_DEFAULT_TASK, CUBE_TOLERANCE, CUBE_VARIANTS, cubeTasks, type CubeVariant, type Xyz } from './cube-tasks.js';
import {
  cellToXy, MAZE_GOAL_TOLERANCE, NAVIGATION_DEFAULT_TASK, NAVIGATION_MAZES, navigationTasks, SOCCER_DEFAULT_TASK,
  SOCCER_MAZES, soccerTasks, type NavigationMaze, type SoccerMaze, type Xy,
} from './maze-tasks.js';
import { PUZZLE_DEFAULT_TASK, PUZZLE_SIZES, puzzleTasks, type PuzzleSize } from './puzzle-tasks.js';

export type SingleTaskGoal =
  | { kind: 'xy'; env: string; taskId: number; qposIndex: number; goal: Xy; tolerance: number }
  | { kind: 'cubes'; env: string; taskId: number; targets: readonly Xyz[]; tolerance: number }
  | { kind: 'buttons'; env: string; taskId: number; goal: readonly number[] };

/**
 * Environments with single-task variants (without `visual-`) and their default task: docs/environments.md#antmaze-tasks,
 * docs/environments.md#antsoccer-tasks, docs/environments.md#cube-tasks, docs/environments.md#puzzle-tasks.
 */
export const DEFAULT_TASK: Record<string, number> = Object.fromEntries([
  ...NAVIGATION_MAZES.map((maze) => [`antmaze-${maze}`, NAVIGATION_DEFAULT_TASK]),
  ...NAVIGATION_MAZES.map((maze) => [`humanoidmaze-${maze}`, NAVIGATION_DEFAULT_TASK]),
  ...SOCCER_MAZES.map((maze) => [`antsoccer-${maze}`, SOCCER_DEFAULT_TASK]),
  ...CUBE_VARIANTS.map((variant) => [`cube-${variant}`, CUBE_DEFAULT_TASK]),
  ...PUZZLE_SIZES.map((size) => [`puzzle-${size}`, PUZZLE_DEFAULT_TASK[size]]),
]);

/** `env` is an environment prefix such as `antmaze-large` or `visual-cube-double`; taskId 1..5 (default: the env's). */
export function singleTaskGoal(env: string, taskId?: number): SingleTaskGoal {
  const base = env.replace(/^visual-/, '');
  const defaultTask = DEFAULT_TASK[base];
  if (defaultTask === undefined) {
    throw new Error(`no single-task goals for environment '${env}'; valid: ${Object.keys(DEFAULT_TASK).join(', ')}`);
  }
  const id = taskId ?? defaultTask;
  if (!Number.isInteger(id) || id < 1 || id > 5) throw new Error(`task id must be 1..5, got ${taskId}`);
  const [family, variant] = base.split('-') as [string, string];
  if (family === 'antmaze' || family === 'humanoidmaze') {
    const goalCell = navigationTasks(variant as NavigationMaze)[id - 1]!.goal;
    return { kind: 'xy', env: base, taskId: id, qposIndex: 0, goal: cellToXy(goalCell), tolerance: MAZE_GOAL_TOLERANCE };
  }
  if (family === 'antsoccer') {
    const goalCell = soccerTasks(variant as SoccerMaze)[id - 1]!.goal;
    return { kind: 'xy', env: base, taskId: id, qposIndex: 15, goal: cellToXy(goalCell), tolerance: MAZE_GOAL_TOLERANCE };
  }
  if (family === 'cube') {
    return { kind: 'cubes', env: base, taskId: id, targets: cubeTasks(variant as CubeVariant)[id - 1]!.goal, tolerance: CUBE_TOLERANCE };
  }
  return { kind: 'buttons', env: base, taskId: id, goal: puzzleTasks(variant as PuzzleSize)[id - 1]!.goal };
}
