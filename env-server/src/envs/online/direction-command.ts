// The commanded x-y direction of the direction-following envs (docs/environments.md#direction-following-envs):
// a unit vector drawn as a normalised 2-D standard normal from the env's generator, redrawn every `period` steps.
import type { EnvRng } from '../env-rng.js';

export class DirectionCommand {
  private x = 1;
  private y = 0;

  constructor(readonly period: number) {}

  /** The current unit direction. */
  get direction(): [number, number] {
    return [this.x, this.y];
  }

  /** Draws a new direction: (N(0,1), N(0,1)) normalised (redrawn in the measure-zero case of a zero vector). */
  resample(rng: EnvRng): void {
    let x = 0;
    let y = 0;
    while (x === 0 && y === 0) {
      x = rng.normal();
      y = rng.normal();
    }
    const norm = Math.hypot(x, y);
    this.x = x / norm;
    this.y = y / norm;
  }

  /** Redraws the direction when `elapsedSteps` (steps taken so far) is a positive multiple of the period. */
  afterStep(elapsedSteps: number, rng: EnvRng): void {
    if (elapsedSteps > 0 && elapsedSteps % this.period === 0) this.resample(rng);
  }

  /** (dx, dy) projected on the direction. */
  project(dx: number, dy: number): number {
    return dx * this.x + dy * this.y;
  }
}
