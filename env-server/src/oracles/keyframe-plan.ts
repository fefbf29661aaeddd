// Open-loop plans of the play oracle (docs/datasets.md#manipulation-data-collection): keyframes of pinch position,
// yaw and gripper command, resampled every 0.05 s (positions and gripper linearly, yaw along the shortest rotation)
// plus smoothed Gaussian noise.
import { wrapAngle } from '../envs/manipulation/rotation.js';
import type { Vec3 } from '../envs/manipulation/workspace.js';
import type { EnvRng } from '../envs/env-rng.js';

export interface Keyframe {
  /** Time from the start of the plan (s). */
  t: number;
  pos: Vec3;
  yaw: number;
  /** Gripper command, 0 open … 1 closed. */
  grip: number;
}

/** A plan sampled at the control rate: 5 values per step (x, y, z, yaw, gripper). */
export interface Plan {
  steps: number;
  values: Float64Array;
}

export const PLAN_DT = 0.05;
const NOISE_SCALE = [0.05, 0.05, 0.05, 0.3, 1.0] as const;
const NOISE_FACTOR = 0.1;
/** Gaussian smoothing kernel, σ = 0.5 steps, radius 2 (truncated at 4σ). */
const KERNEL = (() => {
  const w = [-2, -1, 0, 1, 2].map((k) => Math.exp(-(k * k) / (2 * 0.25)));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

/** Samples the keyframes at t = 0, 0.05, … up to the last keyframe's time. Yaw values are wrapped to [−π, π]. */
export function resamplePlan(keys: readonly Keyframe[]): Plan {
  const end = keys[keys.length - 1]!.t;
  const steps = Math.floor(end / PLAN_DT + 1e-9) + 1;
  const values = new Float64Array(5 * steps);
  let seg = 0;
  for (let k = 0; k < steps; k++) {
    const t = k * PLAN_DT;
    while (seg < keys.length - 2 && t > keys[seg + 1]!.t) seg++;
    const a = keys[seg]!, b = keys[seg + 1]!;
    const s = b.t > a.t ? Math.min(Math.max((t - a.t) / (b.t - a.t), 0), 1) : 1;
    for (let i = 0; i < 3; i++) values[5 * k + i] = a.pos[i]! + (b.pos[i]! - a.pos[i]!) * s;
    values[5 * k + 3] = wrapAngle(a.yaw + wrapAngle(b.yaw - a.yaw) * s);
    values[5 * k + 4] = a.grip + (b.grip - a.grip) * s;
  }
  return { steps, values };
}

/** Adds N(0, 1)·scale·0.1 noise to every plan entry, smoothed along time (reflecting at the ends). */
export function addPlanNoise(plan: Plan, rng: EnvRng): void {
  const n = plan.steps;
  const raw = new Float64Array(n);
  for (let c = 0; c < 5; c++) {
    for (let k = 0; k < n; k++) raw[k] = rng.normal() * NOISE_SCALE[c]! * NOISE_FACTOR;
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = -2; j <= 2; j++) s += KERNEL[j + 2]! * raw[reflect(k + j, n)]!;
      plan.values[5 * k + c] = plan.values[5 * k + c]! + s;
    }
  }
}

function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j - 1 : 2 * n - j - 1;
  return j;
}

/** Keyframe times: cumulative durations, each (but the first) jittered by U(−jitter, jitter). */
export function keyTimes(durations: readonly number[], jitter: number, rng: EnvRng): number[] {
  const times = [0];
  let nominal = 0;
  for (const d of durations) {
    nominal += d;
    times.push(Math.max(nominal + rng.uniform(-jitter, jitter), times[times.length - 1]!));
  }
  return times;
}
