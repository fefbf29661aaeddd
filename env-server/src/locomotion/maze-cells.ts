// The cell sets the locomotion recipes draw from (docs/datasets.md#locomotion-data-collection): all free cells,
// the "vertex" cells (free cells that are not straight corridors), and the cells a given number of BFS steps away.
import type { Cell } from '@qflow/datasets';
import { isFreeCell } from '../envs/maze/maze-geometry.js';
import type { MazeMap } from '../envs/maze/maze-maps.js';

/** BFS neighbour order: row−1, col−1, row+1, col+1 (as the oracle subgoal scans them). */
const NEIGHBOURS: readonly Cell[] = [[-1, 0], [0, -1], [1, 0], [0, 1]];

/** Free cells, row by row. */
export function freeCells(map: MazeMap): Cell[] {
  const cells: Cell[] = [];
  map.forEach((row, i) => row.forEach((value, j) => { if (value === 0) cells.push([i, j]); }));
  return cells;
}

/**
 * Free cells that are not straight corridor cells: a cell is left out when both its vertical neighbours are free
 * and both horizontal ones are walls, or the other way round.
 */
export function vertexCells(map: MazeMap): Cell[] {
  return freeCells(map).filter(([i, j]) => {
    const free = (di: number, dj: number) => isFreeCell(map, [i + di, j + dj]);
    const vertical = free(-1, 0) && free(1, 0) && !free(0, -1) && !free(0, 1);
    const horizontal = free(0, -1) && free(0, 1) && !free(-1, 0) && !free(1, 0);
    return !vertical && !horizontal;
  });
}

/** Free cells exactly `steps` BFS steps (4-neighbourhood) from `from`, in the order BFS reaches them. */
export function cellsAtDistance(map: MazeMap, from: Cell, steps: number): Cell[] {
  const distance = map.map((row) => row.map(() => -1));
  distance[from[0]]![from[1]] = 0;
  const queue: Cell[] = [from];
  const found: Cell[] = [];
  for (let head = 0; head < queue.length; head++) {
    const [i, j] = queue[head]!;
    const d = distance[i]![j]!;
    if (d === steps) continue;
    for (const [di, dj] of NEIGHBOURS) {
      const next: Cell = [i + di, j + dj];
      if (!isFreeCell(map, next) || distance[next[0]]![next[1]] !== -1) continue;
      distance[next[0]]![next[1]] = d + 1;
      queue.push(next);
      if (d + 1 === steps) found.push(next);
    }
  }
  return found;
}
