// Subtask targets of data collection (docs/datasets.md#manipulation-data-collection, "set_new_target"): which cube goes where, or which button to flip.
import type { CubeVariant } from '@qflow/datasets';
import type { CubeEnv } from '../envs/cube/cube-env.js';
import type { PuzzleEnv } from '../envs/puzzle/puzzle-env.js';
import { OBJECT_HIGH_XY, OBJECT_LOW_XY, type Vec3 } from '../envs/manipulation/workspace.js';
import type { EnvRng } from '../envs/env-rng.js';

export interface CubeTarget {
  cube: number;
  pos: Vec3;
  yaw: number;
}

export interface ButtonTarget {
  button: number;
  /** The state the button must show. */
  bit: number;
}

/** Probability range of stacking targets, drawn once per episode. */
const STACK_PROBABILITY: Record<CubeVariant, [number, number]> = {
  single: [0, 0], double: [0, 0.25], triple: [0.05, 0.35], quadruple: [0.1, 0.5],
};

export function drawStackProbability(variant: CubeVariant, rng: EnvRng): number {
  const [lo, hi] = STACK_PROBABILITY[variant];
  return hi === 0 ? 0 : rng.uniform(lo, hi);
}

/** Cubes with no other cube higher up within 2 cm in x-y (cubes that can be picked). */
export function topCubes(env: CubeEnv): number[] {
  const tops: number[] = [];
  for (let i = 0; i < env.count; i++) {
    const p = env.cubePos(i);
    let covered = false;
    for (let j = 0; j < env.count && !covered; j++) {
      if (j === i) continue;
      const q = env.cubePos(j);
      covered = q[2] > p[2] && Math.hypot(q[0] - p[0], q[1] - p[1]) <= 0.02;
    }
    if (!covered) tops.push(i);
  }
  return tops;
}

/** Picks a top cube and a target for it (on another top cube with probability pStack), and moves its marker. */
export function newCubeTarget(env: CubeEnv, rng: EnvRng, pStack: number): CubeTarget {
  const tops = topCubes(env);
  const cube = tops[rng.integer(tops.length)]!;
  let pos: Vec3;
  if (tops.length >= 2 && rng.nextDouble() < pStack) {
    const others = tops.filter((i) => i !== cube);
    const base = env.cubePos(others[rng.integer(others.length)]!);
    pos = [base[0], base[1], base[2] + 0.04];
  } else {
    pos = [rng.uniform(OBJECT_LOW_XY[0], OBJECT_HIGH_XY[0]), rng.uniform(OBJECT_LOW_XY[1], OBJECT_HIGH_XY[1]), 0.02];
  }
  const yaw = rng.uniform(0, 2 * Math.PI);
  env.setTarget(cube, pos);
  return { cube, pos, yaw };
}

export function cubeTargetReached(env: CubeEnv, target: CubeTarget): boolean {
  return env.cubeAtTarget(target.cube);
}

/** A uniformly random button, to be flipped. */
export function newButtonTarget(env: PuzzleEnv, rng: EnvRng): ButtonTarget {
  const button = rng.integer(env.buttons);
  const bit = env.states[button]! ^ 1;
  env.goal.set(env.states);
  env.goal[button] = bit;
  return { button, bit };
}

export function buttonTargetReached(env: PuzzleEnv, target: ButtonTarget): boolean {
  return env.states[target.button] === target.bit;
}
