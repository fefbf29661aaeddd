// The five evaluation tasks of antsoccer (docs/environments.md#antsoccer-tasks): where the ant starts, where the ball
// starts, and the cell the ball must be brought to. The default single task is task4.
import type { Cell } from '../maze/maze-geometry.js';

export type SoccerMaze = 'arena' | 'medium';

export interface SoccerTask {
  readonly agent: Cell;
  readonly ball: Cell;
  readonly goal: Cell;
}

export const SOCCER_DEFAULT_TASK = 4;

const task = (agent: Cell, ball: Cell, goal: Cell): SoccerTask => ({ agent, ball, goal });

const TASKS: Record<SoccerMaze, readonly SoccerTask[]> = {
  arena: [
    task([1, 6], [2, 3], [5, 2]),
    task([2, 2], [5, 5], [2, 2]),
    task([6, 1], [2, 3], [6, 6]),
    task([6, 6], [1, 1], [6, 1]),
    task([4, 6], [6, 2], [1, 6]),
  ],
  medium: [
    task([1, 1], [3, 4], [6, 6]),
    task([6, 1], [6, 5], [1, 1]),
    task([5, 3], [4, 2], [6, 5]),
    task([6, 5], [1, 1], [5, 3]),
    task([1, 6], [6, 1], [1, 6]),
  ],
};

/** Tasks 1..5 of a soccer maze, in order (index 0 = task1). */
export function soccerTasks(maze: SoccerMaze): readonly SoccerTask[] {
  return TASKS[maze];
}
