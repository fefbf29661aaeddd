// Packing of typed arrays into `qflow.v1.Tensor` messages (little-endian bytes + dtype + shape) and back.
// On little-endian hosts (every platform Node supports in practice) encoding is a zero-copy view.
import { endianness } from 'node:os';
import { Dtype, type Tensor } from './gen/qflow/v1/tensor.js';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Typed arrays a Tensor can carry. */
export type TensorArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** A bad tensor: wrong dtype, shape, byte length or non-finite values. */
export class TensorError extends Error {
  override name = 'TensorError';
}

const BYTES_PER_ELEMENT: Record<number, number> = {
  [Dtype.DTYPE_FLOAT32]: 4,
  [Dtype.DTYPE_FLOAT64]: 8,
  [Dtype.DTYPE_INT32]: 4,
  [Dtype.DTYPE_INT64]: 8,
  [Dtype.DTYPE_UINT8]: 1,
  [Dtype.DTYPE_BOOL]: 1,
};

const DTYPE_NAMES: Record<number, string> = {
  [Dtype.DTYPE_FLOAT32]: 'float32',
  [Dtype.DTYPE_FLOAT64]: 'float64',
  [Dtype.DTYPE_INT32]: 'int32',
  [Dtype.DTYPE_INT64]: 'int64',
  [Dtype.DTYPE_UINT8]: 'uint8',
  [Dtype.DTYPE_BOOL]: 'bool',
};

/** Bytes per element of `dtype`; throws TensorError for DTYPE_UNSPECIFIED or unknown values. */
export function dtypeByteSize(dtype: Dtype): number {
  const size = BYTES_PER_ELEMENT[dtype];
  if (size === undefined) throw new TensorError(`unsupported tensor dtype ${dtype}; valid: ${Object.values(DTYPE_NAMES).join(', ')}`);
  return size;
}

/** Short name of a dtype ('float32', ...), for messages. */
export function dtypeName(dtype: Dtype): string {
  return DTYPE_NAMES[dtype] ?? `unknown(${dtype})`;
}

/** The Dtype of a spec dtype string ('float32' | 'float64'). */
export function dtypeFromName(name: 'float32' | 'float64'): Dtype {
  return name === 'float32' ? Dtype.DTYPE_FLOAT32 : Dtype.DTYPE_FLOAT64;
}

function dtypeOf(array: TensorArray): Dtype {
  if (array instanceof Float32Array) return Dtype.DTYPE_FLOAT32;
  if (array instanceof Float64Array) return Dtype.DTYPE_FLOAT64;
  if (array instanceof Int32Array) return Dtype.DTYPE_INT32;
  if (array instanceof BigInt64Array) return Dtype.DTYPE_INT64;
  return Dtype.DTYPE_UINT8;
}

/** Number of elements a shape holds (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Packs `array` as a Tensor of `shape` (default: 1-D). The bytes alias the array's memory on LE hosts. */
export function encodeTensor(array: TensorArray, shape: readonly number[] = [array.length], dtype?: Dtype): Tensor {
  if (shapeSize(shape) !== array.length) {
    throw new TensorError(`shape [${shape.join(', ')}] holds ${shapeSize(shape)} elements, array has ${array.length}`);
  }
  const type = dtype ?? dtypeOf(array);
  let data = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (!LITTLE_ENDIAN_HOST) data = Buffer.from(swapBytes(data, array.BYTES_PER_ELEMENT));
  return { dtype: type, shape: [...shape], data };
}

/** Checks the byte length of `tensor` against its dtype and shape; throws TensorError with the reason. */
export function checkTensorSize(tensor: Tensor): void {
  const size = dtypeByteSize(tensor.dtype);
  const expected = shapeSize(tensor.shape) * size;
  if (tensor.data.length !== expected) {
    throw new TensorError(
      `tensor of dtype ${dtypeName(tensor.dtype)} and shape [${tensor.shape.join(', ')}] needs ${expected} bytes, got ${tensor.data.length}`,
    );
  }
}

/** Little-endian element bytes of `tensor`, copied when needed so that a typed array view is aligned. */
function alignedBytes(tensor: Tensor, size: number): Uint8Array {
  let bytes: Uint8Array = tensor.data;
  if (!LITTLE_ENDIAN_HOST) return swapBytes(bytes, size);
  // A copy into a fresh ArrayBuffer (Buffer#slice would be a view with the same misalignment).
  if (bytes.byteOffset % size !== 0) bytes = new Uint8Array(bytes);
  return bytes;
}

/** Unpacks a Tensor into a typed array of its dtype (a view of the message bytes when aligned). */
export function decodeTensor(tensor: Tensor): TensorArray {
  checkTensorSize(tensor);
  const size = dtypeByteSize(tensor.dtype);
  const bytes = alignedBytes(tensor, size);
  const n = bytes.length / size;
  switch (tensor.dtype) {
    case Dtype.DTYPE_FLOAT32: return new Float32Array(bytes.buffer, bytes.byteOffset, n);
    case Dtype.DTYPE_FLOAT64: return new Float64Array(bytes.buffer, bytes.byteOffset, n);
    case Dtype.DTYPE_INT32: return new Int32Array(bytes.buffer, bytes.byteOffset, n);
    case Dtype.DTYPE_INT64: return new BigInt64Array(bytes.buffer, bytes.byteOffset, n);
    default: return new Uint8Array(bytes.buffer, bytes.byteOffset, n);
  }
}

/** Unpacks a FLOAT32 or FLOAT64 tensor as float64 values (float32 values are widened exactly). */
export function decodeFloat64(tensor: Tensor): Float64Array {
  if (tensor.dtype !== Dtype.DTYPE_FLOAT32 && tensor.dtype !== Dtype.DTYPE_FLOAT64) {
    throw new TensorError(`expected a float32 or float64 tensor, got ${dtypeName(tensor.dtype)}`);
  }
  const values = decodeTensor(tensor) as Float32Array | Float64Array;
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** Unpacks a FLOAT32 or FLOAT64 tensor as float32 values (float64 values are rounded). */
export function decodeFloat32(tensor: Tensor): Float32Array {
  if (tensor.dtype !== Dtype.DTYPE_FLOAT32 && tensor.dtype !== Dtype.DTYPE_FLOAT64) {
    throw new TensorError(`expected a float32 or float64 tensor, got ${dtypeName(tensor.dtype)}`);
  }
  const values = decodeTensor(tensor) as Float32Array | Float64Array;
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** Index of the first NaN or ±Inf in `values`, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return i;
  }
  return -1;
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) {
    for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j]!;
  }
  return out;
}
