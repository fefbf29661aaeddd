// The random choices and rules of the antsoccer recipes (docs/datasets.md#locomotion-data-collection): three
// distinct cells, the arena's virtual dribbling goal, and the stuck rule.
import type { Xy } from '@qflow/datasets';
import type { EnvRng } from '../envs/env-rng.js';

/** The ant walks to the ball while farther than this from it, and dribbles otherwise. */
export const DRIBBLE_DISTANCE = 2;
/** Arena: a goal farther than this from the ball is replaced by the point this far along the way. */
export const VIRTUAL_GOAL_DISTANCE = 10;
/** Stuck rule: over the last STUCK_WINDOW stored observations, the ant stayed within STUCK_RADIUS of where it is. */
export const STUCK_WINDOW = 150;
export const STUCK_RADIUS = 2;
/** A random-cell detour ends within this distance of the cell centre. */
export const DETOUR_TOLERANCE = 0.5;

/** `count` distinct elements drawn uniformly without replacement (partial Fisher–Yates). */
export function distinct<T>(rng: EnvRng, items: readonly T[], count: number): T[] {
  if (count > items.length) throw new Error(`cannot draw ${count} distinct cells out of ${items.length}`);
  const pool = items.slice();
  for (let k = 0; k < count; k++) {
    const j = k + rng.integer(pool.length - k);
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  return pool.slice(0, count);
}

/** Arena: the goal itself within 10 m of the ball, else the point 10 m from the ball toward it. */
export function arenaVirtualGoal(ball: Xy, goal: Xy): Xy {
  const dx = goal[0] - ball[0];
  const dy = goal[1] - ball[1];
  const distance = Math.hypot(dx, dy);
  if (distance <= VIRTUAL_GOAL_DISTANCE) return goal;
  const scale = VIRTUAL_GOAL_DISTANCE / distance;
  return [ball[0] + dx * scale, ball[1] + dy * scale];
}

/** The ant x-y of the last 150 stored observations, to tell when the ant is stuck. */
export class StuckWatch {
  private readonly xs = new Float64Array(STUCK_WINDOW);
  private readonly ys = new Float64Array(STUCK_WINDOW);
  private count = 0;

  /** Records the ant x-y of a stored observation. */
  push([x, y]: Xy): void {
    const k = this.count % STUCK_WINDOW;
    this.xs[k] = x;
    this.ys[k] = y;
    this.count++;
  }

  /** True when 150 observations are stored and every one of them lies within 2 m of `xy`. */
  isStuck([x, y]: Xy): boolean {
    if (this.count < STUCK_WINDOW) return false;
    for (let k = 0; k < STUCK_WINDOW; k++) {
      if (Math.hypot(this.xs[k]! - x, this.ys[k]! - y) > STUCK_RADIUS) return false;
    }
    return true;
  }
}

