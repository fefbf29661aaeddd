// Puzzle ("Lights Out") evaluation tasks (docs/environments.md#puzzle-tasks): initial and goal button states,
// row-major (k = r·cols + c).

export type PuzzleSize = '3x3' | '4x4' | '4x5' | '4x6';
export interface PuzzleTask { readonly init: readonly number[]; readonly goal: readonly number[] }
/** OGBench's default single task per size. */
export const PUZZLE_DEFAULT_TASK: Record<PuzzleSize, number> = { '3x3': 4, '4x4': 4, '4x5': 2, '4x6': 2 };

export const PUZZLE_SHAPE: Record<PuzzleSize, readonly [number, number]> = {
  '3x3': [3, 3], '4x4': [4, 4], '4x5': [4, 5], '4x6': [4, 6],
};

/** Rows separated by '/', e.g. '010/101/010'; '0' or '1' alone means every button. */
function bits(size: PuzzleSize, text: string): number[] {
  const [rows, cols] = PUZZLE_SHAPE[size];
  const flat = text.length === 1 ? text.repeat(rows * cols) : text.replaceAll('/', '');
  if (flat.length !== rows * cols) throw new Error(`puzzle ${size}: bad task grid '${text}'`);
  return [...flat].map(Number);
}

const tasks = (size: PuzzleSize, pairs: [string, string][]): PuzzleTask[] =>
  pairs.map(([init, goal]) => ({ init: bits(size, init), goal: bits(size, goal) }));

const TASKS: Record<PuzzleSize, readonly PuzzleTask[]> = {
  '3x3': tasks('3x3', [
    ['0', '110/101/011'],
    ['1', '011/111/111'],
    ['010/111/010', '101/010/101'],
    ['010/101/010', '1'],
    ['1', '101/101/101'],
  ]),
  '4x4': tasks('4x4', [
    ['0', '1'],
    ['1', '1111/1001/1001/1111'],
    ['1000/0000/0000/0001', '0101/1010/0101/1010'],
    ['1001/1001/1001/1001', '0'],
    ['0101/0010/0001/1000', '0'],
  ]),
  '4x5': tasks('4x5', [
    ['11011/01010/01010/11011', '0'],
    ['0', '1'],
    ['00000/00100/00100/00000', '11111/10001/10001/11111'],
    ['0', '00000/00100/00100/00000'],
    ['0', '10001/01110/01110/10001'],
  ]),
  '4x6': tasks('4x6', [
    ['110111/001010/010100/111011', '0'],
    ['1', '0'],
    ['0', '111110/110101/101011/011111'],
    ['010101/101010/010101/101010', '100001/000000/000000/100001'],
    ['0', '100001/011110/011110/100001'],
  ]),
};

export const PUZZLE_SIZES = Object.keys(TASKS) as readonly PuzzleSize[];

/** Tasks 1..5 of a puzzle size, in order (index 0 = task1). */
export function puzzleTasks(size: PuzzleSize): readonly PuzzleTask[] {
  return TASKS[size];
}
