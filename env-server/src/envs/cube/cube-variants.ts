// What differs between the cube variants besides their tasks and episode lengths (which live in @qflow/datasets):
// the cube count.
import type { CubeVariant } from '@qflow/datasets';

export const CUBE_COUNT: Record<CubeVariant, number> = { single: 1, double: 2, triple: 3, quadruple: 4 };
