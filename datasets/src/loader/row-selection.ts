// Row selection on flat C-order arrays, done with bulk moves over runs of consecutive kept rows.
import { DataOf, DType, NdArray, rowSize } from '../npy/ndarray.js';

/** Maximal runs [start, end) of rows whose terminal flag is 0. */
export function nonTerminalRuns(terminals: ArrayLike<number>): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < terminals.length; i++) {
    if (terminals[i] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, terminals.length]);
  return runs;
}

export function countRows(runs: readonly [number, number][]): number {
  return runs.reduce((n, [a, b]) => n + b - a, 0);
}

/** A new array holding, for each run [a, b), rows [a + shift, b + shift) (shift 1 gives the next rows). */
export function gatherRows<D extends DType>(array: NdArray<D>, runs: readonly [number, number][], shift: number): NdArray<D> {
  const d = rowSize(array);
  const src = array.data as unknown as Float32Array;
  const out = new (src.constructor as Float32ArrayConstructor)(countRows(runs) * d);
  let at = 0;
  for (const [a, b] of runs) {
    out.set(src.subarray((a + shift) * d, (b + shift) * d), at);
    at += (b - a) * d;
  }
  return { dtype: array.dtype, shape: [countRows(runs), ...array.shape.slice(1)], data: out as unknown as DataOf[D] };
}

/** Keeps only the rows of the runs, moving them to the front in place; returns a view of them. */
export function keepRowsInPlace<D extends DType>(array: NdArray<D>, runs: readonly [number, number][]): NdArray<D> {
  const d = rowSize(array);
  const data = array.data as unknown as Float32Array;
  let at = 0;
  for (const [a, b] of runs) {
    if (at !== a * d) data.copyWithin(at, a * d, b * d);
    at += (b - a) * d;
  }
  return { dtype: array.dtype, shape: [countRows(runs), ...array.shape.slice(1)], data: data.subarray(0, at) as unknown as DataOf[D] };
}
