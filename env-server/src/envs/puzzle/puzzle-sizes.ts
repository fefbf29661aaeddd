// What differs between the puzzle sizes besides their tasks (which live in @qflow/datasets): the button grid and
// episode length.
import { PUZZLE_SHAPE, type PuzzleSize } from '@qflow/datasets';
import type { Grid } from './lights-out.js';

export const PUZZLE_EPISODE_STEPS: Record<PuzzleSize, number> = { '3x3': 500, '4x4': 500, '4x5': 1000, '4x6': 1000 };

export function puzzleGrid(size: PuzzleSize): Grid {
  const [rows, cols] = PUZZLE_SHAPE[size];
  return { rows, cols };
}
