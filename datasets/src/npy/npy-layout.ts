// numpy's other memory layouts, converted to ours (little-endian items in C order): big-endian items are swapped in
// place, and Fortran-order (column-major) data is copied into C order.
import { allocateData, DType, ITEM_SIZE, NdArray } from './ndarray.js';

/** Bytes swapped per view: a multiple of every item size, below the 4 GiB limit of one Buffer. */
const SWAP_VIEW = 1 << 30;

/** Reverses the bytes of every item of `array` in place (big-endian to little-endian). */
export function swapByteOrder(array: NdArray): void {
  const size = ITEM_SIZE[array.dtype];
  if (size === 1) return;
  const d = array.data;
  for (let at = 0; at < d.byteLength; at += SWAP_VIEW) {
    const view = Buffer.from(d.buffer, d.byteOffset + at, Math.min(SWAP_VIEW, d.byteLength - at));
    if (size === 4) view.swap32();
    else view.swap64();
  }
}

type Indexable = { [index: number]: number | bigint; length: number };

/**
 * The same array in C order, from data stored in Fortran order (first axis fastest). Needs a second buffer of the
 * array's size; arrays with at most one axis longer than 1 are the same in both orders and are returned as they are.
 */
export function fortranToC<D extends DType>(array: NdArray<D>): NdArray<D> {
  const { shape } = array;
  if (shape.filter((n) => n > 1).length <= 1) return array;
  const source = array.data as unknown as Indexable;
  const out = allocateData(array.dtype, source.length);
  const target = out as unknown as Indexable;
  const rank = shape.length;
  const fortranStride = shape.map((_, k) => shape.slice(0, k).reduce((n, d) => n * d, 1));
  const index = new Array<number>(rank).fill(0);
  let from = 0;
  for (let to = 0; to < source.length; to++) {
    target[to] = source[from]!;
    for (let k = rank - 1; k >= 0; k--) { // next C-order index: the last axis moves fastest
      index[k]!++;
      from += fortranStride[k]!;
      if (index[k]! < shape[k]!) break;
      from -= fortranStride[k]! * shape[k]!;
      index[k] = 0;
    }
  }
  return { dtype: array.dtype, shape: [...shape], data: out };
}
