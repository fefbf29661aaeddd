// An n-dimensional array as stored in a .npy file: a dtype, a C-order shape and a flat typed array.

export type DType = 'float32' | 'float64' | 'bool' | 'int64' | 'uint8';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'bool', 'int64', 'uint8'];

export interface DataOf {
  float32: Float32Array;
  float64: Float64Array;
  bool: Uint8Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
}
export type NdData = DataOf[DType];

export interface NdArray<D extends DType = DType> {
  dtype: D;
  shape: number[];
  data: DataOf[D];
}

export const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, bool: 1, int64: 8, uint8: 1 };

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function allocateData<D extends DType>(dtype: D, count: number): DataOf[D] {
  switch (dtype) {
    case 'float32': return new Float32Array(count) as DataOf[D];
    case 'float64': return new Float64Array(count) as DataOf[D];
    case 'int64': return new BigInt64Array(count) as DataOf[D];
    default: return new Uint8Array(count) as DataOf[D];
  }
}

export function ndarray<D extends DType>(dtype: D, shape: number[], data?: DataOf[D]): NdArray<D> {
  const count = elementCount(shape);
  const filled = data ?? allocateData(dtype, count);
  if (filled.length !== count) {
    throw new Error(`ndarray: shape [${shape.join(', ')}] needs ${count} elements, data has ${filled.length}`);
  }
  return { dtype, shape: [...shape], data: filled };
}

/** Largest byte view made at once (a Uint8Array cannot be longer than 2^32 − 1 bytes). */
const MAX_VIEW = 1 << 30;

/** The raw little-endian bytes of an array as views (no copy), each at most 1 GiB. */
export function byteViews(array: NdArray): Uint8Array[] {
  const d = array.data;
  const views: Uint8Array[] = [];
  for (let at = 0; at < d.byteLength; at += MAX_VIEW) {
    views.push(new Uint8Array(d.buffer, d.byteOffset + at, Math.min(MAX_VIEW, d.byteLength - at)));
  }
  return views;
}

/** Elements per leading-axis row (1 for a 1-D array). */
export function rowSize(array: NdArray): number {
  return elementCount(array.shape.slice(1));
}
