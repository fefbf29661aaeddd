// The dribble phase of antsoccer data collection (docs/datasets.md#antsoccer-dribbling) behind one interface, with
// two implementations: OGBench's way, an ant-ball expert trained on online-antball-v0; and, where no such expert
// exists (OGBench's took 12M SAC steps), a scripted dribbler that steers the ant-xy walker around and through the
// ball.
import type { Xy } from '@qflow/datasets';
import { BALL_QPOS, BALL_QVEL } from '../envs/antsoccer/antsoccer-env.js';
import { antBallObservation } from '../envs/online/antball-env.js';
import { unitToward, type DirectionWalker, type ExpertActor } from './direction-walker.js';

/** The ant-and-ball physics state the dribblers read (antsoccer: ant qpos 15 + ball 7, ant qvel 14 + ball 6). */
export interface SoccerPhysics {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
}

export interface Dribbler {
  /** Says which implementation ran, for the provenance sidecar. */
  readonly description: string;
  /** The mean action that moves the ball toward `target`. */
  act(physics: SoccerPhysics, target: Xy): ArrayLike<number>;
}

/** The ant's own 27 inputs of the ant-xy expert in the soccer physics: ant qpos[2:15] ‖ ant qvel[0:14]. */
export function soccerAntBody({ qpos, qvel }: SoccerPhysics, out = new Float64Array(27)): Float64Array {
  out.set(qpos.subarray(2, BALL_QPOS), 0);
  out.set(qvel.subarray(0, BALL_QVEL), BALL_QPOS - 2);
  return out;
}

/** How the provenance names each dribbler. */
export const expertDribblerDescription = (source: string) => `ant-ball expert ${source}`;
export const SCRIPTED_DRIBBLER_DESCRIPTION = 'scripted dribbler steering the ant-xy expert (no ant-ball expert)';

/** OGBench's dribbler: the ant-ball expert's mean action on the 42-D dribbling observation. */
export class ExpertDribbler implements Dribbler {
  readonly description: string;
  private readonly input = new Float64Array(42);

  constructor(private readonly expert: ExpertActor, source: string) {
    this.description = expertDribblerDescription(source);
  }

  act({ qpos, qvel }: SoccerPhysics, target: Xy): ArrayLike<number> {
    return this.expert.act(antBallObservation(qpos, qvel, target, this.input));
  }
}

/** Distances (m) of the scripted dribbler. */
export const SCRIPTED_DRIBBLE = {
  /** The approach point lies this far behind the ball on the target line. */
  behind: 1.0,
  /** Going around, the waypoint is this far to the side of the ball. */
  around: 1.5,
  /** Within this distance of the target line (behind the ball), the ant pushes. */
  lane: 0.5,
  /** Pushing, the ant heads for a point this far past the ball toward the target. */
  lead: 1.0,
} as const;

/**
 * Where the scripted dribbler sends the ant, given the ant, ball and target x-y: with d the unit vector from the
 * ball to the target, an ant level with or ahead of the ball (on the wrong side) goes around it on its own side to
 * a point behind and beside it; an ant behind the ball but off the target line goes to the point `behind` metres
 * behind the ball on that line; an ant on the line pushes through the ball toward the target.
 */
export function scriptedDribbleWaypoint(agent: Xy, ball: Xy, target: Xy): Xy {
  const { behind, around, lane, lead } = SCRIPTED_DRIBBLE;
  const toTarget = Math.hypot(target[0] - ball[0], target[1] - ball[1]);
  const d = toTarget > 1e-9 ? unitToward(ball, target) : unitToward(agent, ball);
  const rel: Xy = [agent[0] - ball[0], agent[1] - ball[1]];
  const along = rel[0] * d[0] + rel[1] * d[1];
  const side = d[0] * rel[1] - d[1] * rel[0];
  const sign = side < 0 ? -1 : 1;
  const normal: Xy = [-d[1] * sign, d[0] * sign];
  if (along > -behind / 2) {
    return [ball[0] - d[0] * behind + normal[0] * around, ball[1] - d[1] * behind + normal[1] * around];
  }
  if (Math.abs(side) > lane) return [ball[0] - d[0] * behind, ball[1] - d[1] * behind];
  return [ball[0] + d[0] * lead, ball[1] + d[1] * lead];
}

/** The fallback dribbler: the ant-xy walker heading for scriptedDribbleWaypoint's point. */
export class ScriptedDribbler implements Dribbler {
  readonly description = SCRIPTED_DRIBBLER_DESCRIPTION;
  private readonly body = new Float64Array(27);

  constructor(private readonly walker: DirectionWalker) {}

  act(physics: SoccerPhysics, target: Xy): ArrayLike<number> {
    const { qpos } = physics;
    const agent: Xy = [qpos[0]!, qpos[1]!];
    const waypoint = scriptedDribbleWaypoint(agent, [qpos[BALL_QPOS]!, qpos[BALL_QPOS + 1]!], target);
    return this.walker.act(soccerAntBody(physics, this.body), unitToward(agent, waypoint));
  }
}
