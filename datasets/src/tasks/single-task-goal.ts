// The goal of a single-task environment, as the relabelling of a dataset needs it: which state to compare
// (agent x-y, ball x-y, cube positions, button states) and against what.
import { CUBE_TASKS, CUBE_TOLERANCE, CubeCount, Xyz } from './cube-tasks.js';
import { cellToXy, MAZE_GOAL_TOLERANCE, MAZE_TASKS, SOCCER_TASKS } from './maze-tasks.js';
import { PUZZLE_TASKS, PuzzleSize } from './puzzle-tasks.js';

export type SingleTaskGoal =
  | { kind: 'xy'; env: string; taskId: number; qposIndex: number; goal: [number, number]; tolerance: number }
  | { kind: 'cubes'; env: string; taskId: number; targets: readonly Xyz[]; tolerance: number }
  | { kind: 'buttons'; env: string; taskId: number; goal: readonly number[] };

/**
 * Environments with single-task variants (without `visual-`) and their default task (docs/algorithm.md#default-tasks;
 * also stated per family in docs/environments.md).
 */
export const DEFAULT_TASK: Record<string, number> = {
  'antmaze-medium': 1, 'antmaze-large': 1, 'antmaze-giant': 1, 'antmaze-teleport': 1,
  'humanoidmaze-medium': 1, 'humanoidmaze-large': 1, 'humanoidmaze-giant': 1,
  'antsoccer-arena': 4, 'antsoccer-medium': 4,
  'cube-single': 2, 'cube-double': 2, 'cube-triple': 2, 'cube-quadruple': 2,
  'puzzle-3x3': 4, 'puzzle-4x4': 4, 'puzzle-4x5': 2, 'puzzle-4x6': 2,
};

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
    const [, goalCell] = MAZE_TASKS[variant as keyof typeof MAZE_TASKS][id - 1]!;
    return { kind: 'xy', env: base, taskId: id, qposIndex: 0, goal: cellToXy(goalCell), tolerance: MAZE_GOAL_TOLERANCE };
  }
  if (family === 'antsoccer') {
    const [, , goalCell] = SOCCER_TASKS[variant as keyof typeof SOCCER_TASKS][id - 1]!;
    return { kind: 'xy', env: base, taskId: id, qposIndex: 15, goal: cellToXy(goalCell), tolerance: MAZE_GOAL_TOLERANCE };
  }
  if (family === 'cube') {
    return { kind: 'cubes', env: base, taskId: id, targets: CUBE_TASKS[variant as CubeCount][id - 1]!.goal, tolerance: CUBE_TOLERANCE };
  }
  return { kind: 'buttons', env: base, taskId: id, goal: PUZZLE_TASKS[variant as PuzzleSize][id - 1]!.goal };
}
