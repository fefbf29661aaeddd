// online-antball-v0: the ant dribbles the antsoccer ball toward a random goal on an open floor
// (docs/environments.md#direction-following-envs). The low-level dribbling expert is trained here.
import type { Xy } from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { antFloorScene } from '../ant/ant-floor-scene.js';
import { AntRobot } from '../ant/ant-robot.js';
import { BALL_QPOS } from '../antsoccer/antsoccer-env.js';
import { soccerBall } from '../antsoccer/antsoccer-scene.js';
import type { EnvSpec } from '../env.js';
import { OnlineEnv, type OnlineOutcome } from './online-env.js';

/** Half-widths of the uniform draws of the ant's and the ball's start x-y and of the goal x-y. */
export const ANTBALL_AGENT_RANGE = 1;
export const ANTBALL_BALL_RANGE = 2;
export const ANTBALL_GOAL_RANGE = 12;
/** ant qpos without x-y (13), ball qpos without x-y (5), qvel (20), ball − ant x-y (2), goal − ball x-y (2). */
export const ANTBALL_OBSERVATION_SIZE = 13 + 5 + 20 + 2 + 2;
/** Reward weights: 10 · (2.5 · ball-to-goal progress + ant-to-ball progress). */
const REWARD_SCALE = 10;
const BALL_PROGRESS_WEIGHT = 2.5;

/**
 * Reset: the ant's noisy reset (reaching the ball's entries too, as in antsoccer), then the ant x-y ~ U(−1, 1)²,
 * the ball x-y ~ U(−2, 2)² and the goal x-y ~ U(−12, 12)², drawn in that order. Step: reward =
 * 10·(2.5·(decrease of the ball–goal distance) + (decrease of the ant–ball distance)) over the step. Episodes
 * end by truncation only (no termination) and never succeed.
 */
export class AntBallEnv extends OnlineEnv<AntRobot> {
  private goalX = 0;
  private goalY = 0;
  private ballToGoal = 0;
  private antToBall = 0;

  constructor(mujoco: Mujoco, spec: EnvSpec) {
    super(spec, (rng) => new AntRobot(mujoco, antFloorScene([soccerBall()]), rng));
  }

  /** Goal x-y of the current episode. */
  get goal(): [number, number] {
    return [this.goalX, this.goalY];
  }

  /** The simulated ant and ball (read-only use: tests, benchmarks). */
  get ant(): AntRobot {
    return this.robot;
  }

  protected afterReset(): void {
    const { rng } = this;
    const qpos = this.robot.sim.qpos;
    qpos[0] = rng.uniform(-ANTBALL_AGENT_RANGE, ANTBALL_AGENT_RANGE);
    qpos[1] = rng.uniform(-ANTBALL_AGENT_RANGE, ANTBALL_AGENT_RANGE);
    qpos[BALL_QPOS] = rng.uniform(-ANTBALL_BALL_RANGE, ANTBALL_BALL_RANGE);
    qpos[BALL_QPOS + 1] = rng.uniform(-ANTBALL_BALL_RANGE, ANTBALL_BALL_RANGE);
    this.goalX = rng.uniform(-ANTBALL_GOAL_RANGE, ANTBALL_GOAL_RANGE);
    this.goalY = rng.uniform(-ANTBALL_GOAL_RANGE, ANTBALL_GOAL_RANGE);
    this.robot.sim.forward();
  }

  protected beforeStep(): void {
    [this.ballToGoal, this.antToBall] = this.distances();
  }

  protected outcome(): OnlineOutcome {
    const [ballToGoal, antToBall] = this.distances();
    const reward = REWARD_SCALE * (BALL_PROGRESS_WEIGHT * (this.ballToGoal - ballToGoal) + (this.antToBall - antToBall));
    return { reward, terminated: false };
  }

  /** Ball–goal and ant–ball x-y distances. */
  private distances(): [number, number] {
    const qpos = this.robot.sim.qpos;
    const [bx, by] = [qpos[BALL_QPOS]!, qpos[BALL_QPOS + 1]!];
    return [Math.hypot(this.goalX - bx, this.goalY - by), Math.hypot(bx - qpos[0]!, by - qpos[1]!)];
  }

  protected observe(): Float64Array {
    const { qpos, qvel } = this.robot.sim;
    return antBallObservation(qpos, qvel, [this.goalX, this.goalY]);
  }
}

/**
 * The dribbling observation of the ant-and-ball physics (antsoccer's too): ant qpos[2:15] ‖ ball qpos[17:22] ‖
 * qvel ‖ ball − ant x-y ‖ goal − ball x-y. The ant-ball expert's input, in the env and in data collection.
 */
export function antBallObservation(qpos: Float64Array, qvel: Float64Array, [gx, gy]: Xy, out = new Float64Array(ANTBALL_OBSERVATION_SIZE)): Float64Array {
  const [ax, ay, bx, by] = [qpos[0]!, qpos[1]!, qpos[BALL_QPOS]!, qpos[BALL_QPOS + 1]!];
  out.set(qpos.subarray(2, BALL_QPOS), 0);
  out.set(qpos.subarray(BALL_QPOS + 2), BALL_QPOS - 2);
  out.set(qvel, qpos.length - 4);
  out.set([bx - ax, by - ay, gx - bx, gy - by], qpos.length - 4 + qvel.length);
  return out;
}
