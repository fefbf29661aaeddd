// What differs between the cube variants besides their tasks (which live in @qflow/datasets): cube count and
// episode length.
import type { CubeVariant } from '@qflow/datasets';

export const CUBE_COUNT: Record<CubeVariant, number> = { single: 1, double: 2, triple: 3, quadruple: 4 };
export const CUBE_EPISODE_STEPS: Record<CubeVariant, number> = { single: 200, double: 500, triple: 1000, quadruple: 1000 };
