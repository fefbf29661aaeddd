// The noisy oracle (docs/datasets.md#manipulation-data-collection, OGBench's MarkovOracle): a closed-loop phase
// machine that recomputes its action from the current state every step, plus per-episode Gaussian action noise and
// occasional uniform random actions.
import type { CubeEnv } from '../envs/cube/cube-env.js';
import type { ManipulationSim } from '../envs/manipulation/manipulation-sim.js';
import { wrapAngle } from '../envs/manipulation/rotation.js';
import {
  ARM_INIT_HIGH, ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH, PUZZLE_ARM_INIT_LOW, type Vec3,
} from '../envs/manipulation/workspace.js';
import type { PuzzleEnv } from '../envs/puzzle/puzzle-env.js';
import { BUTTON_TOP_Z } from '../envs/puzzle/puzzle-scene.js';
import type { EnvRng } from '../envs/env-rng.js';
import type { ButtonTarget, CubeTarget } from './collection-targets.js';
import { snapYaw, type Oracle } from './oracle.js';

const POSITION_GAIN = 5;
const MIN_DIFF_NORM = 0.4;
const YAW_GAIN = 3;
const CUBE_BUDGET = 200;
/** Closing on a 4 cm cube stalls at ≈0.56; a gripper closed further than this holds nothing. */
const MISSED_GRASP_OPENING = 0.8;
const BUTTON_BUDGET = 100;
const OPEN = -1;
const CLOSE = 1;

const randomIn = (rng: EnvRng, low: Vec3, high: Vec3): Vec3 =>
  [rng.uniform(low[0], high[0]), rng.uniform(low[1], high[1]), rng.uniform(low[2], high[2])];

/** Shared steering: position command toward a point, yaw command from a yaw error, gripper command. */
function steer(sim: ManipulationSim, out: Float64Array, goal: ArrayLike<number>, yawError: number, grip: number): void {
  const p = sim.pinchPos;
  const dx = goal[0]! - p[0]!, dy = goal[1]! - p[1]!, dz = goal[2]! - p[2]!;
  const norm = Math.hypot(dx, dy, dz);
  // Short differences are stretched to MIN_DIFF_NORM so the arm keeps moving briskly near its goal.
  const stretch = norm < MIN_DIFF_NORM ? MIN_DIFF_NORM / (norm + 1e-6) : 1;
  out[0] = POSITION_GAIN * dx * stretch;
  out[1] = POSITION_GAIN * dy * stretch;
  out[2] = POSITION_GAIN * dz * stretch;
  out[3] = YAW_GAIN * yawError;
  out[4] = grip;
}

const xyDistance = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

type CubePhase = 'approach' | 'descend' | 'grasp' | 'lift' | 'carry' | 'lower' | 'release' | 'rise' | 'final' | 'done';

/**
 * Pick-and-place. Until the cube is within 0.02 m of its target the phase is recomputed from the state every step
 * (so a cube that slips out of the gripper is simply picked up again); after that the oracle releases, rises and
 * goes to a random final pose.
 */
export class CubeNoisyOracle implements Oracle<CubeTarget> {
  phase: CubePhase = 'done';
  private target!: CubeTarget;
  private finalPos: Vec3 = [0, 0, 0];
  private finalYaw = 0;
  private steps = 0;
  private reopening = false;

  constructor(private readonly env: CubeEnv) {}

  get done(): boolean { return this.phase === 'done'; }

  begin(target: CubeTarget, rng: EnvRng): void {
    this.target = target;
    this.finalPos = randomIn(rng, ARM_INIT_LOW, ARM_INIT_HIGH);
    this.finalYaw = rng.uniform(-Math.PI, Math.PI);
    this.phase = 'approach';
    this.steps = 0;
    this.reopening = false;
  }

  act(out: Float64Array): void {
    const sim = this.env.sim, p = sim.pinchPos, yaw = sim.pinchYaw;
    const cube = this.env.cubePos(this.target.cube), goal = this.target.pos;
    this.phase = this.nextPhase(p, cube, goal);
    const cubeYaw = snapYaw(this.env.cubeYaw(this.target.cube), yaw);
    const cubeYawError = cubeYaw - yaw;
    const carryYawError = snapYaw(this.target.yaw, yaw) - cubeYaw;
    switch (this.phase) {
      case 'approach': steer(sim, out, [cube[0], cube[1], cube[2] + 0.18], cubeYawError, OPEN); break;
      case 'descend': steer(sim, out, cube, cubeYawError, OPEN); break;
      case 'grasp': steer(sim, out, cube, cubeYawError, CLOSE); break;
      case 'lift': steer(sim, out, [cube[0], cube[1], 0.36], carryYawError, CLOSE); break;
      case 'carry': steer(sim, out, [goal[0], goal[1], goal[2] + 0.18], carryYawError, CLOSE); break;
      // Lower so that the cube (wherever it sits in the grip) lands on the target.
      case 'lower': steer(sim, out, [goal[0] + p[0]! - cube[0], goal[1] + p[1]! - cube[1], goal[2] + p[2]! - cube[2]], carryYawError, CLOSE); break;
      case 'release': steer(sim, out, p, 0, OPEN); break;
      case 'rise': steer(sim, out, [p[0]!, p[1]!, 0.32], 0, OPEN); break;
      default: steer(sim, out, this.finalPos, wrapAngle(this.finalYaw - yaw), OPEN);
    }
    this.steps++;
    if (this.steps >= CUBE_BUDGET || (this.phase === 'final' && distance(sim.pinchPos, this.finalPos) <= 0.04)) this.phase = 'done';
  }

  private nextPhase(p: Float64Array, cube: Vec3, goal: Vec3): CubePhase {
    const contact = this.env.sim.gripperContact;
    const placing = this.phase === 'release' || this.phase === 'rise' || this.phase === 'final';
    if (!placing && distance(cube, goal) > 0.02) {
      // Hysteresis: a cube already in the gripper may sit up to 4 cm off the pinch point before it counts as lost,
      // so that noise does not make the oracle open the gripper on a cube it holds.
      const holding = this.phase === 'grasp' || this.phase === 'lift' || this.phase === 'carry' || this.phase === 'lower';
      if (xyDistance(p, cube) > 0.04) return 'approach';
      // A grasp that closed past the cube's width missed it: open fully before trying again.
      if (this.phase === 'grasp' && this.env.sim.opening > MISSED_GRASP_OPENING) this.reopening = true;
      if (this.reopening && this.env.sim.opening < 0.1) this.reopening = false;
      if (this.reopening || distance(p, cube) > (holding ? 0.04 : 0.02)) return 'descend';
      if (contact <= 0.5) return 'grasp';
      if (xyDistance(cube, goal) > 0.04) return p[2]! > 0.16 ? 'carry' : 'lift';
      return 'lower';
    }
    if (this.phase === 'final' || (this.phase === 'rise' && p[2]! > 0.25)) return 'final';
    if (this.phase === 'rise' || contact < 0.1) return 'rise';
    return 'release';
  }
}

type ButtonPhase = 'hover' | 'push' | 'rise' | 'final' | 'done';

export class ButtonNoisyOracle implements Oracle<ButtonTarget> {
  phase: ButtonPhase = 'done';
  private target!: ButtonTarget;
  private finalPos: Vec3 = [0, 0, 0];
  private finalYaw = 0;
  private steps = 0;

  constructor(private readonly env: PuzzleEnv) {}

  get done(): boolean { return this.phase === 'done'; }

  begin(target: ButtonTarget, rng: EnvRng): void {
    this.target = target;
    this.finalPos = randomIn(rng, PUZZLE_ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH);
    this.finalYaw = rng.uniform(-Math.PI, Math.PI);
    this.phase = 'hover';
    this.steps = 0;
  }

  act(out: Float64Array): void {
    const sim = this.env.sim, p = sim.pinchPos, yaw = sim.pinchYaw;
    const [bx, by] = this.env.buttonXy(this.target.button);
    if (this.phase === 'hover' && Math.hypot(p[0]! - bx, p[1]! - by) <= 0.04) this.phase = 'push';
    if (this.phase === 'push' && this.env.states[this.target.button] === this.target.bit) this.phase = 'rise';
    if (this.phase === 'rise' && p[2]! > 0.2) this.phase = 'final';
    switch (this.phase) {
      case 'hover': steer(sim, out, [bx, by, BUTTON_TOP_Z + 0.06], 0, CLOSE); break;
      case 'push': steer(sim, out, [bx, by, BUTTON_TOP_Z - 0.022], 0, CLOSE); break;
      case 'rise': steer(sim, out, [p[0]!, p[1]!, 0.32], 0, CLOSE); break;
      default: steer(sim, out, this.finalPos, wrapAngle(this.finalYaw - yaw), CLOSE);
    }
    this.steps++;
    if (this.steps >= BUTTON_BUDGET || (this.phase === 'final' && distance(sim.pinchPos, this.finalPos) <= 0.04)) this.phase = 'done';
  }
}

/** Action noise of the noisy datasets: per-episode ξ ~ U(0, 0.1); N(0, (ξ, ξ, ξ, 3ξ, 10ξ)²); random actions. */
export class ActionNoise {
  private xi = 0;

  constructor(private readonly randomProbability: number) {}

  /** Draws the episode's noise level. */
  beginEpisode(rng: EnvRng): void {
    this.xi = rng.uniform(0, 0.1);
  }

  apply(action: Float64Array, rng: EnvRng): void {
    const scales = [1, 1, 1, 3, 10];
    for (let i = 0; i < 5; i++) action[i] = action[i]! + rng.normal() * this.xi * scales[i]!;
    if (rng.nextDouble() < this.randomProbability) {
      for (let i = 0; i < 5; i++) action[i] = rng.uniform(-1, 1);
    }
  }
}

/** Probability of a uniform random action: cube 0.1, puzzle 0.2. */
export const RANDOM_ACTION_PROBABILITY = { cube: 0.1, puzzle: 0.2 } as const;
