// What differs between the puzzle sizes besides their tasks and episode lengths (which live in @qflow/datasets):
// the button grid.
import { PUZZLE_SHAPE, type PuzzleSize } from '@qflow/datasets';
import type { Grid } from './lights-out.js';

export function puzzleGrid(size: PuzzleSize): Grid {
  const [rows, cols] = PUZZLE_SHAPE[size];
  return { rows, cols };
}
