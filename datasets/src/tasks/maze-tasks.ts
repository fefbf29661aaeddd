// Evaluation tasks of the maze families (docs/environments.md#antmaze-tasks, docs/environments.md#humanoid-reset-and-tasks, docs/environments.md#antsoccer-tasks): maze cells (row i, column j) per task, and the
// cell ↔ world x-y mapping they are given in (docs/environments.md#maze-geometry). The env server builds its episodes from these tables and
// the dataset relabelling reads its goals from them.

/** A maze cell: row i (+y), column j (+x). */
export type Cell = readonly [i: number, j: number];
export type Xy = readonly [x: number, y: number];

/** Side of one maze cell, in metres. */
export const MAZE_UNIT = 4;
/** World x-y of cell (0, 0) is (−OFFSET, −OFFSET). */
export const MAZE_OFFSET = 4;
/** Distance to the goal x-y within which the task counts as solved (ant, humanoid, antsoccer's ball). */
export const MAZE_GOAL_TOLERANCE = 0.5;

/** Center of cell (i, j) in world coordinates. */
export function cellToXy([i, j]: Cell): Xy {
  return [j * MAZE_UNIT - MAZE_OFFSET, i * MAZE_UNIT - MAZE_OFFSET];
}

export interface NavigationTask {
  readonly start: Cell;
  readonly goal: Cell;
}

/** Mazes with navigation tasks; antmaze and humanoidmaze share them (humanoidmaze-teleport has envs but no dataset). */
export type NavigationMaze = 'medium' | 'large' | 'giant' | 'teleport';
export const NAVIGATION_DEFAULT_TASK = 1;

const navigation = (start: Cell, goal: Cell): NavigationTask => ({ start, goal });

const NAVIGATION_TASKS: Record<NavigationMaze, readonly NavigationTask[]> = {
  medium: [navigation([1, 1], [6, 6]), navigation([6, 1], [1, 6]), navigation([5, 3], [4, 2]), navigation([6, 5], [6, 1]), navigation([2, 6], [1, 1])],
  large: [navigation([1, 1], [7, 10]), navigation([5, 4], [7, 1]), navigation([7, 4], [1, 10]), navigation([3, 8], [5, 4]), navigation([1, 1], [5, 4])],
  giant: [navigation([1, 1], [10, 14]), navigation([1, 14], [10, 1]), navigation([8, 14], [1, 1]), navigation([8, 3], [5, 12]), navigation([5, 9], [3, 8])],
  teleport: [navigation([1, 10], [7, 1]), navigation([1, 1], [7, 10]), navigation([5, 6], [7, 10]), navigation([7, 1], [7, 10]), navigation([5, 6], [7, 1])],
};

export const NAVIGATION_MAZES = Object.keys(NAVIGATION_TASKS) as readonly NavigationMaze[];

/** Tasks 1..5 of a maze, in order (index 0 = task1). */
export function navigationTasks(maze: NavigationMaze): readonly NavigationTask[] {
  return NAVIGATION_TASKS[maze];
}

/** Antsoccer: where the ant starts, where the ball starts, and the cell the ball must be brought to. */
export interface SoccerTask {
  readonly agent: Cell;
  readonly ball: Cell;
  readonly goal: Cell;
}

export type SoccerMaze = 'arena' | 'medium';
export const SOCCER_DEFAULT_TASK = 4;

const soccer = (agent: Cell, ball: Cell, goal: Cell): SoccerTask => ({ agent, ball, goal });

const SOCCER_TASKS: Record<SoccerMaze, readonly SoccerTask[]> = {
  arena: [
    soccer([1, 6], [2, 3], [5, 2]),
    soccer([2, 2], [5, 5], [2, 2]),
    soccer([6, 1], [2, 3], [6, 6]),
    soccer([6, 6], [1, 1], [6, 1]),
    soccer([4, 6], [6, 2], [1, 6]),
  ],
  medium: [
    soccer([1, 1], [3, 4], [6, 6]),
    soccer([6, 1], [6, 5], [1, 1]),
    soccer([5, 3], [4, 2], [6, 5]),
    soccer([6, 5], [1, 1], [5, 3]),
    soccer([1, 6], [6, 1], [1, 6]),
  ],
};

export const SOCCER_MAZES = Object.keys(SOCCER_TASKS) as readonly SoccerMaze[];

/** Tasks 1..5 of a soccer maze, in order (index 0 = task1). */
export function soccerTasks(maze: SoccerMaze): readonly SoccerTask[] {
  return SOCCER_TASKS[maze];
}
