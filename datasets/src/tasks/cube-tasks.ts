// Cube evaluation tasks (docs/environments.md#cube-tasks): per task, the initial and goal position (x, y, z) of each
// cube.

export type Xyz = readonly [number, number, number];
export interface CubeTask { readonly name: string; readonly init: readonly Xyz[]; readonly goal: readonly Xyz[] }
export type CubeVariant = 'single' | 'double' | 'triple' | 'quadruple';

/** A cube is at its target when its centre is within this distance (m). */
export const CUBE_TOLERANCE = 0.04;
/** OGBench's default single task for every cube variant. */
export const CUBE_DEFAULT_TASK = 2;

const at = (x: number, y: number, z = 0.02): Xyz => [x, y, z];
const task = (name: string, init: Xyz[], goal: Xyz[]): CubeTask => ({ name, init, goal });

const TASKS: Record<CubeVariant, readonly CubeTask[]> = {
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

export const CUBE_VARIANTS = Object.keys(TASKS) as readonly CubeVariant[];

export function cubeTasks(variant: CubeVariant): readonly CubeTask[] {
  return TASKS[variant];
}
