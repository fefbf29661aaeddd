// The oracle subgoal of OGBench's data collection (docs/environments.md#oracle-subgoal): BFS distances over free cells from the goal
// cell; the subgoal is the neighbouring cell closest to the goal.
import { cellToXy, type Cell, type Xy } from '@qflow/datasets';
import { isFreeCell, xyToCell } from './maze-geometry.js';
import type { MazeMap } from './maze-maps.js';

/** Neighbour scan order: row−1 (−y), col−1 (−x), row+1 (+y), col+1 (+x). The order breaks ties. */
const NEIGHBOURS: readonly Cell[] = [[-1, 0], [0, -1], [1, 0], [0, 1]];

export class OracleSubgoal {
  private readonly distance: number[][];

  constructor(private readonly map: MazeMap, readonly goalCell: Cell) {
    if (!isFreeCell(map, goalCell)) throw new Error(`goal cell (${goalCell.join(', ')}) is not a free maze cell`);
    this.distance = bfsDistances(map, goalCell);
  }

  /** BFS distance (in cells) from `cell` to the goal cell; Infinity when unreachable or a wall. */
  distanceFrom([i, j]: Cell): number {
    return this.distance[i]?.[j] ?? Infinity;
  }

  /** Center x-y of the cell the agent at `agentXy` should head to next. */
  subgoalXy(agentXy: Xy): Xy {
    const [i, j] = xyToCell(agentXy);
    let best: Cell = [i, j];
    let bestDistance = this.distanceFrom([i, j]);
    for (const [di, dj] of NEIGHBOURS) {
      const d = this.distanceFrom([i + di, j + dj]);
      if (d < bestDistance) {
        bestDistance = d;
        best = [i + di, j + dj];
      }
    }
    return cellToXy(best);
  }
}

function bfsDistances(map: MazeMap, goal: Cell): number[][] {
  const distance = map.map((row) => row.map(() => Infinity));
  distance[goal[0]]![goal[1]] = 0;
  const queue: Cell[] = [goal];
  for (let head = 0; head < queue.length; head++) {
    const [i, j] = queue[head]!;
    for (const [di, dj] of NEIGHBOURS) {
      const next: Cell = [i + di, j + dj];
      if (!isFreeCell(map, next) || distance[next[0]]![next[1]] !== Infinity) continue;
      distance[next[0]]![next[1]] = distance[i]![j]! + 1;
      queue.push(next);
    }
  }
  return distance;
}
