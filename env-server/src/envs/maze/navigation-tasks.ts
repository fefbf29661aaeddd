// The five evaluation tasks (start cell → goal cell) of the navigation mazes (docs/environments.md#antmaze-tasks);
// antmaze and humanoidmaze share them. The default single task is task1.
import type { Cell } from './maze-geometry.js';
import type { MazeName } from './maze-maps.js';

export interface NavigationTask {
  readonly start: Cell;
  readonly goal: Cell;
}

export type NavigationMaze = Exclude<MazeName, 'arena'>;

const task = (start: Cell, goal: Cell): NavigationTask => ({ start, goal });

const TASKS: Record<NavigationMaze, readonly NavigationTask[]> = {
  medium: [task([1, 1], [6, 6]), task([6, 1], [1, 6]), task([5, 3], [4, 2]), task([6, 5], [6, 1]), task([2, 6], [1, 1])],
  large: [task([1, 1], [7, 10]), task([5, 4], [7, 1]), task([7, 4], [1, 10]), task([3, 8], [5, 4]), task([1, 1], [5, 4])],
  giant: [task([1, 1], [10, 14]), task([1, 14], [10, 1]), task([8, 14], [1, 1]), task([8, 3], [5, 12]), task([5, 9], [3, 8])],
  teleport: [task([1, 10], [7, 1]), task([1, 1], [7, 10]), task([5, 6], [7, 10]), task([7, 1], [7, 10]), task([5, 6], [7, 1])],
};

export const NAVIGATION_DEFAULT_TASK = 1;

/** Tasks 1..5 of a maze, in order (index 0 = task1). */
export function navigationTasks(maze: NavigationMaze): readonly NavigationTask[] {
  return TASKS[maze];
}
