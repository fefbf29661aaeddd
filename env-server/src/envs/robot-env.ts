// What an env built around one simulated robot shares: the env's seeded generator, the robot's compiled model (for
// renderers: scene description, body poses), the state override tests use, and freeing the robot.
import type { CompiledModel } from '../physics/compiled-model.js';
import { EnvRng } from './env-rng.js';

/** The part of a robot every robot env relies on. */
export interface SimulatedRobot {
  readonly sim: CompiledModel;
  dispose(): void;
}

export abstract class RobotEnv<R extends SimulatedRobot> {
  /** The env's generator: reseeded by every reset, drawn from by the robot's reset and the env's own draws. */
  protected readonly rng = new EnvRng(0n);
  protected abstract readonly robot: R;

  /** The compiled model, for read-only use by renderers. */
  get physics(): CompiledModel {
    return this.robot.sim;
  }

  /**
   * Overwrites the physics state (then runs a forward pass), e.g. to put the robot or the ball on its goal, or lift
   * the robot out of range, in tests. Call after reset(); the episode's step counter and draws are unchanged.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    const { sim } = this.robot;
    sim.qpos.set(qpos);
    sim.qvel.set(qvel);
    sim.forward();
  }

  dispose(): void {
    this.robot.dispose();
  }
}
