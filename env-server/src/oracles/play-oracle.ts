// The play oracle (docs/datasets.md#manipulation-data-collection, OGBench's PlanOracle): an open-loop keyframe plan
// per subtask, followed without feedback except that each action is the difference between the plan and the current
// pinch pose.
import type { CubeEnv } from '../envs/cube/cube-env.js';
import type { ManipulationSim } from '../envs/manipulation/manipulation-sim.js';
import {
  ACTION_SCALE, ARM_INIT_HIGH, ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH, PUZZLE_ARM_INIT_LOW, type Vec3,
} from '../envs/manipulation/workspace.js';
import { wrapAngle } from '../envs/manipulation/rotation.js';
import type { PuzzleEnv } from '../envs/puzzle/puzzle-env.js';
import { BUTTON_TOP_Z } from '../envs/puzzle/puzzle-scene.js';
import type { EnvRng } from '../envs/env-rng.js';
import type { ButtonTarget, CubeTarget } from './collection-targets.js';
import { addPlanNoise, keyTimes, resamplePlan, type Keyframe, type Plan } from './keyframe-plan.js';
import { snapYaw, type Oracle } from './oracle.js';

const CUBE_SEGMENTS = [0.4, 0.6, 0.4, 0.4, 0.4, 0.4, 0.6, 0.4, 0.4, 0.4];
const CUBE_JITTER = 0.08;
const BUTTON_JITTER = 0.04;

const above = (p: readonly number[], h: number): Vec3 => [p[0]!, p[1]!, p[2]! + h];
const randomIn = (rng: EnvRng, low: Vec3, high: Vec3): Vec3 =>
  [rng.uniform(low[0], high[0]), rng.uniform(low[1], high[1]), rng.uniform(low[2], high[2])];

/** Follows a sampled plan: action = (plan − current pose) / action scale. */
abstract class PlanFollower<Target> implements Oracle<Target> {
  private plan: Plan = { steps: 0, values: new Float64Array(0) };
  private k = 0;

  constructor(private readonly sim: ManipulationSim) {}

  get done(): boolean { return this.k >= this.plan.steps; }

  abstract keyframes(target: Target, rng: EnvRng): Keyframe[];

  begin(target: Target, rng: EnvRng): void {
    this.plan = resamplePlan(this.keyframes(target, rng));
    addPlanNoise(this.plan, rng);
    this.k = 0;
  }

  act(out: Float64Array): void {
    const k = Math.min(this.k, this.plan.steps - 1), v = this.plan.values, p = this.sim.pinchPos;
    for (let i = 0; i < 3; i++) out[i] = (v[5 * k + i]! - p[i]!) / ACTION_SCALE[i]!;
    out[3] = (v[5 * k + 3]! - this.sim.pinchYaw) / ACTION_SCALE[3];
    out[4] = (v[5 * k + 4]! - this.sim.opening) / ACTION_SCALE[4];
    this.k++;
  }

  protected start(): { pos: Vec3; yaw: number } {
    const p = this.sim.pinchPos;
    return { pos: [p[0]!, p[1]!, p[2]!], yaw: this.sim.pinchYaw };
  }
}

/** Pick a cube and place it at its target, then move to a random pose. */
export class CubePlayOracle extends PlanFollower<CubeTarget> {
  constructor(private readonly env: CubeEnv) { super(env.sim); }

  keyframes(target: CubeTarget, rng: EnvRng): Keyframe[] {
    const start = this.start();
    const cube = this.env.cubePos(target.cube);
    const graspYaw = snapYaw(this.env.cubeYaw(target.cube), start.yaw);
    const placeYaw = snapYaw(target.yaw, graspYaw);
    const pick = above(cube, 0.1 + rng.uniform(0, 0.1));
    const place = above(target.pos, 0.1 + rng.uniform(0, 0.1));
    const clearance: Vec3 = [
      (pick[0] + place[0]) / 2 + rng.uniform(-0.1, 0.1),
      (pick[1] + place[1]) / 2 + rng.uniform(-0.1, 0.1),
      start.pos[2] + rng.uniform(0, 0.2),
    ];
    const clearanceYaw = graspYaw + wrapAngle(placeYaw - graspYaw) / 2;
    const finalPos = randomIn(rng, ARM_INIT_LOW, ARM_INIT_HIGH);
    const finalYaw = rng.uniform(-Math.PI, Math.PI);
    const t = keyTimes(CUBE_SEGMENTS, CUBE_JITTER, rng);
    const key = (i: number, pos: Vec3, yaw: number, grip: number): Keyframe => ({ t: t[i]!, pos, yaw, grip });
    return [
      key(0, start.pos, start.yaw, 0),
      key(1, pick, graspYaw, 0),
      key(2, cube, graspYaw, 0),
      key(3, cube, graspYaw, 1),
      key(4, pick, graspYaw, 1),
      key(5, clearance, clearanceYaw, 1),
      key(6, place, placeYaw, 1),
      key(7, [...target.pos], placeYaw, 1),
      key(8, [...target.pos], placeYaw, 0),
      key(9, place, placeYaw, 0),
      key(10, finalPos, finalYaw, 0),
    ];
  }
}

/** Press a button with the closed gripper, then move to a random pose. */
export class ButtonPlayOracle extends PlanFollower<ButtonTarget> {
  constructor(private readonly env: PuzzleEnv) { super(env.sim); }

  keyframes(target: ButtonTarget, rng: EnvRng): Keyframe[] {
    const start = this.start();
    const [bx, by] = this.env.buttonXy(target.button);
    const pressStart: Vec3 = [bx, by, BUTTON_TOP_Z + 0.06];
    const press: Vec3 = [bx, by, BUTTON_TOP_Z - 0.025];
    // OGBench quirk: the button pose's yaw is its x coordinate.
    const yaw = bx;
    const distance = Math.hypot(pressStart[0] - start.pos[0], pressStart[1] - start.pos[1], pressStart[2] - start.pos[2]);
    const finalPos = randomIn(rng, PUZZLE_ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH);
    const finalYaw = rng.uniform(-Math.PI, Math.PI);
    const t = keyTimes([0.4 * (0.5 + 4 * distance), 0.32, 0.32, 0.5], BUTTON_JITTER, rng);
    return [
      { t: t[0]!, pos: start.pos, yaw: start.yaw, grip: 1 },
      { t: t[1]!, pos: pressStart, yaw, grip: 1 },
      { t: t[2]!, pos: press, yaw, grip: 1 },
      { t: t[3]!, pos: pressStart, yaw, grip: 1 },
      { t: t[4]!, pos: finalPos, yaw: finalYaw, grip: 1 },
    ];
  }
}
