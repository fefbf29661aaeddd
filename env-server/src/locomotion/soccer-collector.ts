// Collects antsoccer episodes with OGBench's navigate and stitch recipes (docs/datasets.md#locomotion-data-collection):
// the ant walks to the ball (ant-xy expert) and dribbles it to the goal (a Dribbler), with the arena's virtual
// goal, the medium maze's BFS subgoals, new goals on success and the stuck rule (navigate); stitch episodes only
// walk to the goal or only dribble.
import { cellToXy, MAZE_GOAL_TOLERANCE, type Xy } from '@qflow/datasets';
import { BALL_QPOS, type AntSoccerEnv } from '../envs/antsoccer/antsoccer-env.js';
import { mazeMap } from '../envs/maze/maze-maps.js';
import { noisyCellXy } from '../envs/maze/maze-reset.js';
import { EnvRng } from '../envs/env-rng.js';
import { episodeSeed, type EpisodeRows } from '../oracles/episode-collector.js';
import { noisyClippedAction, type DirectionWalker } from './direction-walker.js';
import type { Dribbler } from './dribblers.js';
import { allocateRows, drawEnvSeed, recordRow } from './episode-rows.js';
import type { LocomotionSpec } from './locomotion-datasets.js';
import { actionNoise, MazeCells, pick } from './maze-recipes.js';
import { SoccerPolicy } from './soccer-policy.js';
import { DETOUR_TOLERANCE, distinct, STUCK_WINDOW, StuckWatch } from './soccer-recipes.js';

/** Stitch episodes either only walk to the goal or only dribble (the ball then starts on the ant's cell). */
type StitchMode = 'walk' | 'dribble';

export class SoccerCollector {
  private readonly cells: MazeCells;
  private readonly policy: SoccerPolicy;
  private readonly action = new Float64Array(8);

  constructor(private readonly env: AntSoccerEnv, walker: DirectionWalker, dribbler: Dribbler, private readonly spec: LocomotionSpec) {
    this.cells = new MazeCells(mazeMap(spec.maze));
    this.policy = new SoccerPolicy(env, spec.maze, walker, dribbler);
  }

  collect(seed: bigint, index: number, length: number): EpisodeRows {
    const rng = new EnvRng(episodeSeed(seed, index));
    const { env, spec } = this;
    const rows = allocateRows(env, length);
    const mode: StitchMode | undefined = spec.type === 'stitch' ? (rng.integer(2) === 0 ? 'walk' : 'dribble') : undefined;
    const [agentCell, ballCell, goalCell] = distinct(rng, this.cells.free, 3);
    const agentXy = noisyCellXy(agentCell!, rng);
    const ballXy = noisyCellXy(mode === 'dribble' ? agentCell! : ballCell!, rng);
    let goalXy = noisyCellXy(goalCell!, rng);
    let observation = env.resetWithBall(drawEnvSeed(rng), agentXy, ballXy, goalXy);
    const stuck = new StuckWatch();
    let detour: Xy | undefined;
    let goals = 1;
    let reachedGoals = 0;
    const sigma = actionNoise(spec.type);
    for (let t = 0; t < length; t++) {
      recordRow(rows, t, observation, env.physics);
      const agent = env.agentXy;
      const { policy } = this;
      let mean: ArrayLike<number>;
      if (mode === 'walk') mean = policy.walk(goalXy);
      else if (mode === 'dribble') mean = policy.dribble(goalXy);
      else if (detour) mean = policy.walk(detour);
      else mean = policy.bringBall(goalXy);
      noisyClippedAction(mean, sigma, rng, this.action);
      rows.actions.set(this.action, t * 8);
      observation = env.step(this.action).observation;
      const next: Xy = [observation[0]!, observation[1]!];
      if (detour && Math.hypot(detour[0] - next[0], detour[1] - next[1]) <= DETOUR_TOLERANCE) detour = undefined;
      const success = Math.hypot(observation[BALL_QPOS]! - goalXy[0], observation[BALL_QPOS + 1]! - goalXy[1]) <= MAZE_GOAL_TOLERANCE;
      if (mode === undefined) {
        if (success) {
          reachedGoals++;
          goals++;
          goalXy = noisyCellXy(pick(rng, this.cells.free), rng);
          env.setGoal(goalXy);
        }
        if (t > STUCK_WINDOW && !detour && stuck.isStuck(next)) detour = cellToXy(pick(rng, this.cells.free));
      } else if (success && reachedGoals === 0) {
        reachedGoals = 1;
      }
      stuck.push(agent); // after the check: the window is the 150 observations stored before this one
    }
    rows.subtasks = goals;
    rows.successes = reachedGoals;
    return rows;
  }

  dispose(): void {
    this.env.dispose();
  }
}
