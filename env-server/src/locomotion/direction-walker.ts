// The low-level walker of locomotion data collection (docs/datasets.md#locomotion-data-collection): a
// direction-following expert (ant-xy, humanoid-xy) fed the robot's observation without its root x-y and a unit x-y
// direction, and the exploration noise put on its action.
import type { Xy } from '@qflow/datasets';
import type { EnvRng } from '../envs/env-rng.js';

/** What the recipes need from an expert: the mean action for one input vector (a stub in tests). */
export interface ExpertActor {
  readonly obsDim: number;
  readonly actDim: number;
  act(input: ArrayLike<number>): ArrayLike<number>;
}

/** Unit vector from `from` toward `to`, divided by norm + 1e-6 as OGBench does (so ≈ 0 when they coincide). */
export function unitToward(from: Xy, to: Xy): Xy {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const norm = Math.hypot(dx, dy) + 1e-6;
  return [dx / norm, dy / norm];
}

/** A normalised 2-D standard normal draw (OGBench's random direction, norm + 1e-6). */
export function randomDirection(rng: EnvRng): Xy {
  const x = rng.normal();
  const y = rng.normal();
  const norm = Math.hypot(x, y) + 1e-6;
  return [x / norm, y / norm];
}

export class DirectionWalker {
  private readonly input: Float64Array;

  constructor(private readonly expert: ExpertActor) {
    this.input = new Float64Array(expert.obsDim);
  }

  /** Body inputs the expert expects before the direction. */
  get bodyDim(): number {
    return this.expert.obsDim - 2;
  }

  /** The expert's mean action for walking along `direction`; `body` = observation without root x-y. */
  act(body: ArrayLike<number>, direction: Xy): ArrayLike<number> {
    if (body.length !== this.bodyDim) throw new Error(`walker expects ${this.bodyDim} body values, got ${body.length}`);
    this.input.set(body, 0);
    this.input[this.bodyDim] = direction[0];
    this.input[this.bodyDim + 1] = direction[1];
    return this.expert.act(this.input);
  }
}

/** out = clip(mean + N(0, σ²), −1, 1), one draw per entry in order. */
export function noisyClippedAction(mean: ArrayLike<number>, sigma: number, rng: EnvRng, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const a = mean[i]! + sigma * rng.normal();
    out[i] = a < -1 ? -1 : a > 1 ? 1 : a;
  }
  return out;
}
