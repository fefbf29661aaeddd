// The reset procedure of OGBench's maze envs (docs/environments.md#maze-reset), generic over the robot (ant, humanoid, ...).
import { cellToXy, MAZE_UNIT, type Cell, type Xy } from '@qflow/datasets';
import type { CompiledModel } from '../../physics/compiled-model.js';
import type { EnvRng } from '../env-rng.js';

/** Start and goal noise: uniform in [−1, 1] m on x and y (noise 1 × unit / 4). */
export const POSITION_NOISE = MAZE_UNIT / 4;

/** What the reset procedure needs from a robot in a maze. */
export interface MazeRobot {
  /** The robot's own `reset_model`: MjData reset, then its noisy initial state drawn from the env RNG. */
  resetModel(): void;
  /** One control step with an action drawn uniformly from the action box (no task logic). */
  randomStep(): void;
  /** Moves the agent's root (and, for ball tasks, the ball) to x-y, keeping velocities. */
  placeAt(xy: Xy): void;
}

/** Moves the free root joint of `sim` to (x, y), keeping everything else, and recomputes positions. */
export function placeRootAt(sim: CompiledModel, [x, y]: Xy): void {
  const qpos = sim.qpos;
  qpos[0] = x;
  qpos[1] = y;
  sim.forward();
}

/** A cell center plus independent U(−noise, noise) offsets on x and y. */
export function noisyCellXy(cell: Cell, rng: EnvRng, noise = POSITION_NOISE): Xy {
  const [x, y] = cellToXy(cell);
  return [x + rng.uniform(-noise, noise), y + rng.uniform(-noise, noise)];
}

/**
 * Runs the maze reset: robot reset, `randomSteps` random actions, move to the goal and let `captureGoal`
 * record the goal state; then a fresh robot reset and the move to the start. The caller reads the first
 * observation afterwards (no further steps).
 */
export function resetInMaze(robot: MazeRobot, randomSteps: number, startXy: Xy, goalXy: Xy, captureGoal: () => void): void {
  robot.resetModel();
  for (let k = 0; k < randomSteps; k++) robot.randomStep();
  robot.placeAt(goalXy);
  captureGoal();
  robot.resetModel();
  robot.placeAt(startXy);
}
