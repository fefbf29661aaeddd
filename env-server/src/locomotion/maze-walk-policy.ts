// The maze collection policy's walking (docs/datasets.md#locomotion-data-collection), shared by data generation and
// `qflow experts eval`: the walker expert fed the observation without root x-y and the unit vector toward the
// oracle subgoal of the goal's cell.
import type { Xy } from '@qflow/datasets';
import type { MazeTaskEnv } from '../envs/maze/maze-task-env.js';
import type { MazeMap } from '../envs/maze/maze-maps.js';
import { unitToward, type DirectionWalker } from './direction-walker.js';
import { SubgoalCache } from './maze-recipes.js';

export class MazeWalkPolicy {
  private readonly subgoals: SubgoalCache;

  constructor(private readonly env: MazeTaskEnv, map: MazeMap, private readonly walker: DirectionWalker) {
    this.subgoals = new SubgoalCache(map);
  }

  /** The expert's mean action along `direction`, given the current observation. */
  along(observation: Float64Array, direction: Xy): ArrayLike<number> {
    return this.walker.act(observation.subarray(2), direction);
  }

  /** The expert's mean action toward the oracle subgoal of `goal`'s cell, from the robot's current x-y. */
  toward(observation: Float64Array, goal: Xy): ArrayLike<number> {
    const agent = this.env.agentXy;
    return this.along(observation, unitToward(agent, this.subgoals.toward(goal).subgoalXy(agent)));
  }
}
