// Evaluation tasks of the puzzle families (docs/environments.md#puzzle-tasks): initial and goal button states, rows
// listed top to bottom.
import type { Grid } from './lights-out.js';

export type PuzzleSize = '3x3' | '4x4' | '4x5' | '4x6';
export const PUZZLE_SIZES: readonly PuzzleSize[] = ['3x3', '4x4', '4x5', '4x6'];
export const PUZZLE_EPISODE_STEPS: Record<PuzzleSize, number> = { '3x3': 500, '4x4': 500, '4x5': 1000, '4x6': 1000 };
/** OGBench's default single task per size. */
export const PUZZLE_DEFAULT_TASK: Record<PuzzleSize, number> = { '3x3': 4, '4x4': 4, '4x5': 2, '4x6': 2 };

export function puzzleGrid(size: PuzzleSize): Grid {
  const [rows, cols] = size.split('x').map(Number) as [number, number];
  return { rows, cols };
}

export interface PuzzleTask {
  init: number[];
  goal: number[];
}

/** Parses 'r0 / r1 / …' rows of 0/1, or 'all 0' / 'all 1'. */
function states(text: string, n: number): number[] {
  if (text === 'all 0' || text === 'all 1') return Array(n).fill(Number(text[4]));
  const bits = text.replace(/\//g, ' ').trim().split(/\s+/).map(Number);
  if (bits.length !== n) throw new Error(`puzzle task row '${text}' has ${bits.length} buttons, expected ${n}`);
  return bits;
}

const TABLE: Record<PuzzleSize, [string, string][]> = {
  '3x3': [
    ['all 0', '1 1 0 / 1 0 1 / 0 1 1'],
    ['all 1', '0 1 1 / 1 1 1 / 1 1 1'],
    ['0 1 0 / 1 1 1 / 0 1 0', '1 0 1 / 0 1 0 / 1 0 1'],
    ['0 1 0 / 1 0 1 / 0 1 0', 'all 1'],
    ['all 1', '1 0 1 / 1 0 1 / 1 0 1'],
  ],
  '4x4': [
    ['all 0', 'all 1'],
    ['all 1', '1 1 1 1 / 1 0 0 1 / 1 0 0 1 / 1 1 1 1'],
    ['1 0 0 0 / 0 0 0 0 / 0 0 0 0 / 0 0 0 1', '0 1 0 1 / 1 0 1 0 / 0 1 0 1 / 1 0 1 0'],
    ['1 0 0 1 / 1 0 0 1 / 1 0 0 1 / 1 0 0 1', 'all 0'],
    ['0 1 0 1 / 0 0 1 0 / 0 0 0 1 / 1 0 0 0', 'all 0'],
  ],
  '4x5': [
    ['1 1 0 1 1 / 0 1 0 1 0 / 0 1 0 1 0 / 1 1 0 1 1', 'all 0'],
    ['all 0', 'all 1'],
    ['0 0 0 0 0 / 0 0 1 0 0 / 0 0 1 0 0 / 0 0 0 0 0', '1 1 1 1 1 / 1 0 0 0 1 / 1 0 0 0 1 / 1 1 1 1 1'],
    ['all 0', '0 0 0 0 0 / 0 0 1 0 0 / 0 0 1 0 0 / 0 0 0 0 0'],
    ['all 0', '1 0 0 0 1 / 0 1 1 1 0 / 0 1 1 1 0 / 1 0 0 0 1'],
  ],
  '4x6': [
    ['1 1 0 1 1 1 / 0 0 1 0 1 0 / 0 1 0 1 0 0 / 1 1 1 0 1 1', 'all 0'],
    ['all 1', 'all 0'],
    ['all 0', '1 1 1 1 1 0 / 1 1 0 1 0 1 / 1 0 1 0 1 1 / 0 1 1 1 1 1'],
    ['0 1 0 1 0 1 / 1 0 1 0 1 0 / 0 1 0 1 0 1 / 1 0 1 0 1 0', '1 0 0 0 0 1 / 0 0 0 0 0 0 / 0 0 0 0 0 0 / 1 0 0 0 0 1'],
    ['all 0', '1 0 0 0 0 1 / 0 1 1 1 1 0 / 0 1 1 1 1 0 / 1 0 0 0 0 1'],
  ],
};

export function puzzleTasks(size: PuzzleSize): PuzzleTask[] {
  const { rows, cols } = puzzleGrid(size);
  return TABLE[size].map(([init, goal]) => ({ init: states(init, rows * cols), goal: states(goal, rows * cols) }));
}
