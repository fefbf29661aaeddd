// The direction-following envs (docs/environments.md#direction-following-envs): a robot on an open floor is told a
// unit x-y direction, redrawn every `period` steps, and is scored on its root's x-y displacement along it.
import type { EnvSpec } from '../env.js';
import type { EnvRng } from '../env-rng.js';
import { DirectionCommand } from './direction-command.js';
import { OnlineEnv, type OnlineOutcome, type OnlineRobot } from './online-env.js';

/** The root x-y is qpos[0:2]. */
export abstract class DirectionEnv<R extends OnlineRobot> extends OnlineEnv<R> {
  private readonly command: DirectionCommand;
  private x0 = 0;
  private y0 = 0;

  protected constructor(spec: EnvSpec, period: number, makeRobot: (rng: EnvRng) => R) {
    super(spec, makeRobot);
    this.command = new DirectionCommand(period);
  }

  /** The commanded unit direction. */
  get direction(): [number, number] {
    return this.command.direction;
  }

  /** Reward and termination given the root's displacement projected on the direction (`progress`). */
  protected abstract score(progress: number): OnlineOutcome;
  /** The robot's observation without its root x-y, written into `out` from index 0. */
  protected abstract observeBody(out: Float64Array): void;

  protected afterReset(): void {
    this.command.resample(this.rng);
  }

  protected beforeStep(): void {
    const { qpos } = this.robot.sim;
    this.x0 = qpos[0]!;
    this.y0 = qpos[1]!;
  }

  protected outcome(): OnlineOutcome {
    const { qpos } = this.robot.sim;
    return this.score(this.command.project(qpos[0]! - this.x0, qpos[1]! - this.y0));
  }

  protected override afterStep(): void {
    this.command.afterStep(this.episode.elapsedSteps, this.rng);
  }

  /** The body observation ‖ the direction. */
  protected observe(): Float64Array {
    const out = new Float64Array(this.spec.observation.shape[0]!);
    this.observeBody(out);
    out.set(this.command.direction, out.length - 2);
    return out;
  }
}
