// The random choices of the antmaze / humanoidmaze recipes (docs/datasets.md#locomotion-data-collection): start and
// goal cells per dataset type, goals re-drawn on success (navigate), and explore's random directions.
import { MAZE_GOAL_TOLERANCE, type Cell, type Xy } from '@qflow/datasets';
import type { EnvRng } from '../envs/env-rng.js';
import { xyToCell } from '../envs/maze/maze-geometry.js';
import type { MazeMap } from '../envs/maze/maze-maps.js';
import { OracleSubgoal } from '../envs/maze/oracle-subgoal.js';
import { noisyCellXy } from '../envs/maze/maze-reset.js';
import { randomDirection } from './direction-walker.js';
import { cellsAtDistance, freeCells, vertexCells } from './maze-cells.js';

export type MazeDatasetType = 'navigate' | 'stitch' | 'explore';

/** Stitch goals lie exactly this many BFS steps from the start cell. */
export const STITCH_GOAL_STEPS = 4;
/** Explore draws a new direction every this many steps. */
export const EXPLORE_PERIOD = 10;
/** Action noise σ: explore 1.0, the others 0.2. */
export function actionNoise(type: MazeDatasetType): number {
  return type === 'explore' ? 1.0 : 0.2;
}

/** A uniformly drawn element. */
export function pick<T>(rng: EnvRng, items: readonly T[]): T {
  return items[rng.integer(items.length)]!;
}

export class MazeCells {
  readonly free: readonly Cell[];
  readonly vertices: readonly Cell[];

  constructor(readonly map: MazeMap) {
    this.free = freeCells(map);
    this.vertices = vertexCells(map);
  }

  /**
   * Start and goal cells of an episode: start uniform over free cells; goal uniform over vertex cells (navigate,
   * explore) or over the cells exactly 4 BFS steps from the start (stitch; the start cell itself if there is none).
   */
  startAndGoal(type: MazeDatasetType, rng: EnvRng): { start: Cell; goal: Cell } {
    const start = pick(rng, this.free);
    if (type !== 'stitch') return { start, goal: pick(rng, this.vertices) };
    const candidates = cellsAtDistance(this.map, start, STITCH_GOAL_STEPS);
    return { start, goal: candidates.length ? pick(rng, candidates) : start };
  }

  /** A new noisy vertex goal (navigate's goal after a success). */
  nextGoal(rng: EnvRng): Xy {
    return noisyCellXy(pick(rng, this.vertices), rng);
  }
}

/** Whether x-y is within the success radius (0.5 m) of the goal. */
export function reached(xy: ArrayLike<number>, goal: Xy): boolean {
  return Math.hypot(xy[0]! - goal[0], xy[1]! - goal[1]) <= MAZE_GOAL_TOLERANCE;
}

/**
 * The goal of a navigate / stitch / explore episode and its success count: on reaching the goal (≤ 0.5 m after a
 * step), navigate draws a new noisy vertex goal in the same episode; stitch and explore keep theirs.
 */
export class EpisodeGoal {
  /** Goals set so far, and how many of them were reached. */
  goals = 1;
  reachedGoals = 0;

  constructor(private readonly type: MazeDatasetType, private readonly cells: MazeCells, public xy: Xy) {}

  /** Checks the x-y after a step; returns true when a new goal was drawn. */
  update(agentXy: ArrayLike<number>, rng: EnvRng): boolean {
    if (!reached(agentXy, this.xy)) return false;
    if (this.type !== 'navigate') {
      this.reachedGoals = 1;
      return false;
    }
    this.reachedGoals++;
    this.goals++;
    this.xy = this.cells.nextGoal(rng);
    return true;
  }
}

/** Explore's direction: a fresh random unit vector on every step that is a multiple of 10, kept in between. */
export class ExploreDirection {
  private current: Xy = [0, 0];

  at(step: number, rng: EnvRng): Xy {
    if (step % EXPLORE_PERIOD === 0) this.current = randomDirection(rng);
    return this.current;
  }
}

/** Oracle subgoals per goal cell (one BFS per cell, kept for the collector's life). */
export class SubgoalCache {
  private readonly byCell = new Map<string, OracleSubgoal>();

  constructor(private readonly map: MazeMap) {}

  /** The oracle subgoal toward the cell containing `goal`. */
  toward(goal: Xy): OracleSubgoal {
    const cell = xyToCell(goal);
    const key = cell.join(',');
    let subgoal = this.byCell.get(key);
    if (!subgoal) {
      subgoal = new OracleSubgoal(this.map, cell);
      this.byCell.set(key, subgoal);
    }
    return subgoal;
  }
}
