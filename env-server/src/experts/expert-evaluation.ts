// `qflow experts eval`: runs the experts as data collection would and measures the bars
// (docs/datasets.md#evaluating-experts) — speed along the commanded direction and falls on the direction-following
// env; navigation success with BFS subgoals and action noise; antsoccer success bringing the ball to the goal.
// Episodes run on worker threads; each has its own random stream, so results do not depend on the worker count.
import { MAZE_GOAL_TOLERANCE, type Xy } from '@qflow/datasets';
import { AntSoccerEnv, BALL_QPOS } from '../envs/antsoccer/antsoccer-env.js';
import type { Env } from '../envs/env.js';
import { EnvRng } from '../envs/env-rng.js';
import { mazeMap, type MazeName } from '../envs/maze/maze-maps.js';
import { MazeTaskEnv } from '../envs/maze/maze-task-env.js';
import { createEnv } from '../envs/registry.js';
import { DirectionWalker, noisyClippedAction } from '../locomotion/direction-walker.js';
import { drawEnvSeed } from '../locomotion/episode-rows.js';
import { reached } from '../locomotion/maze-recipes.js';
import { MazeWalkPolicy } from '../locomotion/maze-walk-policy.js';
import { SoccerPolicy } from '../locomotion/soccer-policy.js';
import type { Dribbler } from '../locomotion/dribblers.js';
import { episodeSeed } from '../oracles/episode-collector.js';
import type { Mujoco } from '../physics/mujoco-loader.js';
import type { ExpertPolicy } from './expert-policy.js';
import type { EvaluationRow } from './evaluation-plan.js';

/** One episode's outcome: direction rows fill progress/steps/fell, the others success/steps. */
export interface EpisodeOutcome {
  steps: number;
  /** Direction: x-y displacement projected on the commanded direction, summed over the episode (m). */
  progress?: number;
  fell?: boolean;
  success?: boolean;
}

interface Runner {
  run(rng: EnvRng, task: number, noise: number): EpisodeOutcome;
  dispose(): void;
}

/** Runs evaluation episodes in one thread, creating each row's env once. */
export class EvaluationRunner {
  private readonly runners = new Map<string, Runner>();

  constructor(private readonly mujoco: Mujoco, private readonly walker: ExpertPolicy, private readonly dribbler?: Dribbler) {}

  /** Episode `index` of `row` for the evaluation seeded with `seed`. */
  run(row: EvaluationRow, seed: bigint, index: number, noise: number): EpisodeOutcome {
    let runner = this.runners.get(row.envId);
    if (!runner) {
      runner = this.create(row);
      this.runners.set(row.envId, runner);
    }
    return runner.run(new EnvRng(episodeSeed(seed, index)), row.task, noise);
  }

  dispose(): void {
    for (const runner of this.runners.values()) runner.dispose();
  }

  private create(row: EvaluationRow): Runner {
    const env = createEnv(this.mujoco, row.envId);
    if (row.kind === 'direction') return directionRunner(env, this.walker);
    const maze = row.env.slice(row.env.indexOf('-') + 1) as MazeName;
    const walker = new DirectionWalker(this.walker);
    if (row.kind === 'soccer') {
      if (!(env instanceof AntSoccerEnv) || !this.dribbler) throw new Error(`${row.envId}: a soccer row needs the antsoccer env and a dribbler`);
      return soccerRunner(env, new SoccerPolicy(env, maze, walker, this.dribbler));
    }
    if (!(env instanceof MazeTaskEnv)) throw new Error(`${row.envId} is not a maze env`);
    return mazeRunner(env, new MazeWalkPolicy(env, mazeMap(maze), walker));
  }
}

/** The walker's mean action on its own env (no noise) until the episode ends; a termination is a fall. */
function directionRunner(env: Env, expert: ExpertPolicy): Runner {
  return {
    run(rng, _task, noise) {
      let observation = env.reset(drawEnvSeed(rng), 0);
      const action = new Float64Array(expert.actDim);
      let progress = 0;
      for (let t = 1; ; t++) {
        noisyClippedAction(expert.act(observation), noise, rng, action);
        const result = env.step(action);
        progress += result.reward;
        observation = result.observation;
        if (result.terminated || result.truncated) return { steps: t, progress, fell: result.terminated };
      }
    },
    dispose: () => env.dispose(),
  };
}

/** Task `task`'s reset, then the walker toward the BFS subgoal with action noise until the goal is reached or time is up. */
function mazeRunner(env: MazeTaskEnv, policy: MazeWalkPolicy): Runner {
  return goalRunner(env, (observation) => policy.toward(observation, env.goalXy), (observation) => reached(observation, env.goalXy));
}

/** Task `task`'s reset, then walk to the ball / dribble it until the ball is within 0.5 m of the goal or time is up. */
function soccerRunner(env: AntSoccerEnv, policy: SoccerPolicy): Runner {
  const ballAtGoal = (observation: Float64Array) => {
    const [gx, gy]: Xy = env.goalXy;
    return Math.hypot(observation[BALL_QPOS]! - gx, observation[BALL_QPOS + 1]! - gy) <= MAZE_GOAL_TOLERANCE;
  };
  return goalRunner(env, () => policy.bringBall(env.goalXy), ballAtGoal);
}

function goalRunner(
  env: MazeTaskEnv, mean: (observation: Float64Array) => ArrayLike<number>, success: (observation: Float64Array) => boolean,
): Runner {
  const action = new Float64Array(env.spec.action.shape[0]!);
  return {
    run(rng, task, noise) {
      let observation = env.reset(drawEnvSeed(rng), task);
      for (let t = 1; t <= env.spec.maxEpisodeSteps; t++) {
        noisyClippedAction(mean(observation), noise, rng, action);
        observation = env.step(action).observation;
        if (success(observation)) return { steps: t, success: true };
      }
      return { steps: env.spec.maxEpisodeSteps, success: false };
    },
    dispose: () => env.dispose(),
  };
}
