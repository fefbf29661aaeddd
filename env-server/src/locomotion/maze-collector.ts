// Collects antmaze / humanoidmaze episodes with OGBench's navigate, stitch and explore recipes
// (docs/datasets.md#locomotion-data-collection): the walker expert heads for the oracle subgoal (or explore's random
// direction), its action noised and clipped; rows hold the observation, qpos and qvel before each action.
import { mazeMap } from '../envs/maze/maze-maps.js';
import { noisyCellXy } from '../envs/maze/maze-reset.js';
import type { MazeTaskEnv } from '../envs/maze/maze-task-env.js';
import { EnvRng } from '../envs/env-rng.js';
import { episodeSeed, type EpisodeRows } from '../oracles/episode-collector.js';
import { noisyClippedAction, type DirectionWalker } from './direction-walker.js';
import type { LocomotionSpec } from './locomotion-datasets.js';
import { actionNoise, EpisodeGoal, ExploreDirection, MazeCells } from './maze-recipes.js';
import { MazeWalkPolicy } from './maze-walk-policy.js';
import { allocateRows, drawEnvSeed, recordRow } from './episode-rows.js';

export class MazeCollector {
  private readonly cells: MazeCells;
  private readonly policy: MazeWalkPolicy;
  private readonly action: Float64Array;

  constructor(private readonly env: MazeTaskEnv, walker: DirectionWalker, private readonly spec: LocomotionSpec) {
    this.cells = new MazeCells(mazeMap(spec.maze));
    this.policy = new MazeWalkPolicy(env, this.cells.map, walker);
    this.action = new Float64Array(env.spec.action.shape[0]!);
  }

  /** Episode `index` of the dataset generated from `seed`: `length` rows. */
  collect(seed: bigint, index: number, length: number): EpisodeRows {
    const rng = new EnvRng(episodeSeed(seed, index));
    const { env, spec } = this;
    const rows = allocateRows(env, length);
    const { start, goal } = this.cells.startAndGoal(spec.type, rng);
    const startXy = noisyCellXy(start, rng);
    const target = new EpisodeGoal(spec.type, this.cells, noisyCellXy(goal, rng));
    let observation = env.resetForCollection(drawEnvSeed(rng), startXy, target.xy);
    const explore = new ExploreDirection();
    const sigma = actionNoise(spec.type);
    for (let t = 0; t < length; t++) {
      recordRow(rows, t, observation, env.physics);
      const mean = spec.type === 'explore' ? this.policy.along(observation, explore.at(t, rng)) : this.policy.toward(observation, target.xy);
      noisyClippedAction(mean, sigma, rng, this.action);
      rows.actions.set(this.action, t * this.action.length);
      observation = env.step(this.action).observation;
      // Success is judged on the returned observation's x-y (before a teleport, as OGBench's env does).
      if (target.update(observation, rng)) env.setGoal(target.xy);
    }
    rows.subtasks = target.goals;
    rows.successes = target.reachedGoals;
    return rows;
  }

  dispose(): void {
    this.env.dispose();
  }

}
