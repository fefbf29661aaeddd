// Evaluation tasks of the maze families (docs/environments.md#antmaze-tasks,
// docs/environments.md#humanoid-reset-and-tasks, docs/environments.md#antsoccer-tasks): maze cells (row i, column j)
// per task.

export type Cell = readonly [number, number];
export type MazeName = 'medium' | 'large' | 'giant' | 'teleport' | 'arena';

/** AntMaze and HumanoidMaze (humanoid has no teleport tasks): [init cell, goal cell] for tasks 1..5. */
export const MAZE_TASKS: Record<Exclude<MazeName, 'arena'>, readonly (readonly [Cell, Cell])[]> = {
  medium: [[[1, 1], [6, 6]], [[6, 1], [1, 6]], [[5, 3], [4, 2]], [[6, 5], [6, 1]], [[2, 6], [1, 1]]],
  large: [[[1, 1], [7, 10]], [[5, 4], [7, 1]], [[7, 4], [1, 10]], [[3, 8], [5, 4]], [[1, 1], [5, 4]]],
  giant: [[[1, 1], [10, 14]], [[1, 14], [10, 1]], [[8, 14], [1, 1]], [[8, 3], [5, 12]], [[5, 9], [3, 8]]],
  teleport: [[[1, 10], [7, 1]], [[1, 1], [7, 10]], [[5, 6], [7, 10]], [[7, 1], [7, 10]], [[5, 6], [7, 1]]],
};

/** AntSoccer: [agent cell, ball cell, goal cell] for tasks 1..5. */
export const SOCCER_TASKS: Record<'arena' | 'medium', readonly (readonly [Cell, Cell, Cell])[]> = {
  arena: [
    [[1, 6], [2, 3], [5, 2]], [[2, 2], [5, 5], [2, 2]], [[6, 1], [2, 3], [6, 6]],
    [[6, 6], [1, 1], [6, 1]], [[4, 6], [6, 2], [1, 6]],
  ],
  medium: [
    [[1, 1], [3, 4], [6, 6]], [[6, 1], [6, 5], [1, 1]], [[5, 3], [4, 2], [6, 5]],
    [[6, 5], [1, 1], [5, 3]], [[1, 6], [6, 1], [1, 6]],
  ],
};

/** Success radius around the goal (ant, humanoid, antsoccer). */
export const MAZE_GOAL_TOLERANCE = 0.5;

/** World x-y of a cell's centre: 4 m cells, offset 4 m (docs/environments.md#maze-geometry). */
export function cellToXy([i, j]: Cell): [number, number] {
  return [4 * j - 4, 4 * i - 4];
}
