// Cube evaluation tasks (docs/environments.md#cube-tasks): per task, the initial and goal position (x, y, z) of each
// cube.

export type Xyz = readonly [number, number, number];
export interface CubeTask { init: readonly Xyz[]; goal: readonly Xyz[] }
export type CubeCount = 'single' | 'double' | 'triple' | 'quadruple';

/** Success radius of a cube around its target (3-D distance). */
export const CUBE_TOLERANCE = 0.04;

const p = (x: number, y: number, z = 0.02): Xyz => [x, y, z];
const STACK_Z = [0.02, 0.06, 0.1, 0.14]; // literal heights, as the task tables state them
const stack = (x: number, y: number, n: number): Xyz[] => STACK_Z.slice(0, n).map((z) => p(x, y, z));

export const CUBE_TASKS: Record<CubeCount, readonly CubeTask[]> = {
  single: [
    { init: [p(0.425, 0.1)], goal: [p(0.425, -0.1)] },
    { init: [p(0.35, 0)], goal: [p(0.5, 0)] },
    { init: [p(0.5, 0)], goal: [p(0.35, 0)] },
    { init: [p(0.35, -0.2)], goal: [p(0.5, 0.2)] },
    { init: [p(0.35, 0.2)], goal: [p(0.5, -0.2)] },
  ],
  double: [
    { init: [p(0.425, 0), p(0.425, -0.1)], goal: [p(0.425, 0), p(0.425, 0.1)] },
    { init: [p(0.35, -0.1), p(0.5, -0.1)], goal: [p(0.35, 0.1), p(0.5, 0.1)] },
    { init: [p(0.35, 0), p(0.5, 0)], goal: [p(0.425, -0.2), p(0.425, 0.2)] },
    { init: [p(0.425, -0.1), p(0.425, 0.1)], goal: [p(0.425, 0.1), p(0.425, -0.1)] },
    { init: [p(0.425, -0.2), p(0.425, 0.2)], goal: stack(0.425, 0, 2) },
  ],
  triple: [
    { init: [p(0.35, -0.1), p(0.35, 0.1), p(0.5, -0.1)], goal: [p(0.35, -0.1), p(0.35, 0.1), p(0.5, 0.1)] },
    { init: [p(0.35, -0.2), p(0.35, 0), p(0.35, 0.2)], goal: [p(0.5, 0), p(0.5, 0.2), p(0.5, -0.2)] },
    { init: stack(0.425, 0.2, 3), goal: [p(0.35, -0.1), p(0.5, -0.2), p(0.5, 0)] },
    { init: [p(0.35, 0), p(0.5, -0.1), p(0.5, 0.1)], goal: [p(0.5, -0.1), p(0.5, 0.1), p(0.35, 0)] },
    { init: [p(0.35, -0.1), p(0.5, -0.2), p(0.5, 0)], goal: stack(0.425, 0.2, 3) },
  ],
  quadruple: [
    {
      init: [p(0.35, -0.1), p(0.35, 0.1), p(0.5, -0.1), p(0.5, 0.1)],
      goal: [p(0.35, -0.25), p(0.35, 0.1), p(0.5, -0.1), p(0.5, 0.25)],
    },
    {
      init: [p(0.325, -0.2), p(0.325, 0.2), p(0.525, -0.2), p(0.525, 0.2)],
      goal: [p(0.375, 0.1), p(0.475, 0.1), p(0.375, -0.1), p(0.475, -0.1)],
    },
    {
      init: [p(0.425, -0.02, 0.02), p(0.425, 0.02, 0.02), p(0.425, -0.02, 0.06), p(0.425, 0.02, 0.06)],
      goal: [p(0.525, -0.2), p(0.325, 0.2), p(0.325, -0.2), p(0.525, 0.2)],
    },
    {
      init: [p(0.525, -0.1), p(0.525, 0.1), p(0.325, 0.1), p(0.325, -0.1)],
      goal: [p(0.525, 0.1), p(0.325, 0.1), p(0.325, -0.1), p(0.525, -0.1)],
    },
    { init: [p(0.5, -0.05), p(0.5, -0.2), p(0.35, -0.2), p(0.35, -0.05)], goal: stack(0.425, 0.2, 4) },
  ],
};
