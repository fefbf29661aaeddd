// Evaluation tasks of the cube families (docs/environments.md#cube-tasks): initial and goal position of every cube.
import type { Vec3 } from '../manipulation/workspace.js';

export type CubeVariant = 'single' | 'double' | 'triple' | 'quadruple';
export const CUBE_VARIANTS: readonly CubeVariant[] = ['single', 'double', 'triple', 'quadruple'];
export const CUBE_COUNT: Record<CubeVariant, number> = { single: 1, double: 2, triple: 3, quadruple: 4 };
export const CUBE_EPISODE_STEPS: Record<CubeVariant, number> = { single: 200, double: 500, triple: 1000, quadruple: 1000 };
/** OGBench's default single task for every cube variant. */
export const CUBE_DEFAULT_TASK = 2;

export interface CubeTask {
  name: string;
  init: Vec3[];
  goal: Vec3[];
}

const at = (x: number, y: number, z = 0.02): Vec3 => [x, y, z];
const task = (name: string, init: Vec3[], goal: Vec3[]): CubeTask => ({ name, init, goal });

const TASKS: Record<CubeVariant, CubeTask[]> = {
  single: [
    task('horizontal', [at(0.425, 0.1)], [at(0.425, -0.1)]),
    task('vertical1', [at(0.35, 0)], [at(0.5, 0)]),
    task('vertical2', [at(0.5, 0)], [at(0.35, 0)]),
    task('diagonal1', [at(0.35, -0.2)], [at(0.5, 0.2)]),
    task('diagonal2', [at(0.35, 0.2)], [at(0.5, -0.2)]),
  ],
  double: [
    task('single_pnp', [at(0.425, 0), at(0.425, -0.1)], [at(0.425, 0), at(0.425, 0.1)]),
    task('double_pnp1', [at(0.35, -0.1), at(0.5, -0.1)], [at(0.35, 0.1), at(0.5, 0.1)]),
    task('double_pnp2', [at(0.35, 0), at(0.5, 0)], [at(0.425, -0.2), at(0.425, 0.2)]),
    task('swap', [at(0.425, -0.1), at(0.425, 0.1)], [at(0.425, 0.1), at(0.425, -0.1)]),
    task('stack', [at(0.425, -0.2), at(0.425, 0.2)], [at(0.425, 0, 0.02), at(0.425, 0, 0.06)]),
  ],
  triple: [
    task('single_pnp', [at(0.35, -0.1), at(0.35, 0.1), at(0.5, -0.1)], [at(0.35, -0.1), at(0.35, 0.1), at(0.5, 0.1)]),
    task('triple_pnp', [at(0.35, -0.2), at(0.35, 0), at(0.35, 0.2)], [at(0.5, 0), at(0.5, 0.2), at(0.5, -0.2)]),
    task('pnp_from_stack', [at(0.425, 0.2, 0.02), at(0.425, 0.2, 0.06), at(0.425, 0.2, 0.1)],
      [at(0.35, -0.1), at(0.5, -0.2), at(0.5, 0)]),
    task('cycle', [at(0.35, 0), at(0.5, -0.1), at(0.5, 0.1)], [at(0.5, -0.1), at(0.5, 0.1), at(0.35, 0)]),
    task('stack', [at(0.35, -0.1), at(0.5, -0.2), at(0.5, 0)],
      [at(0.425, 0.2, 0.02), at(0.425, 0.2, 0.06), at(0.425, 0.2, 0.1)]),
  ],
  quadruple: [
    task('double_pnp', [at(0.35, -0.1), at(0.35, 0.1), at(0.5, -0.1), at(0.5, 0.1)],
      [at(0.35, -0.25), at(0.35, 0.1), at(0.5, -0.1), at(0.5, 0.25)]),
    task('quadruple_pnp', [at(0.325, -0.2), at(0.325, 0.2), at(0.525, -0.2), at(0.525, 0.2)],
      [at(0.375, 0.1), at(0.475, 0.1), at(0.375, -0.1), at(0.475, -0.1)]),
    task('pnp_from_square', [at(0.425, -0.02, 0.02), at(0.425, 0.02, 0.02), at(0.425, -0.02, 0.06), at(0.425, 0.02, 0.06)],
      [at(0.525, -0.2), at(0.325, 0.2), at(0.325, -0.2), at(0.525, 0.2)]),
    task('cycle', [at(0.525, -0.1), at(0.525, 0.1), at(0.325, 0.1), at(0.325, -0.1)],
      [at(0.525, 0.1), at(0.325, 0.1), at(0.325, -0.1), at(0.525, -0.1)]),
    task('stack', [at(0.5, -0.05), at(0.5, -0.2), at(0.35, -0.2), at(0.35, -0.05)],
      [at(0.425, 0.2, 0.02), at(0.425, 0.2, 0.06), at(0.425, 0.2, 0.1), at(0.425, 0.2, 0.14)]),
  ],
};

export function cubeTasks(variant: CubeVariant): readonly CubeTask[] {
  return TASKS[variant];
}
