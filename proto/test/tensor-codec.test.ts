import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Dtype, Tensor, TensorError, checkTensorSize, decodeFloat32, decodeFloat64, decodeTensor, encodeTensor, firstNonFinite,
} from '../src/index.js';

test('float64 round trip through the wire encoding keeps every bit and the shape', () => {
  const values = new Float64Array([0, -0, 1.5, Math.PI, -1e-300, 1e300, Number.MIN_VALUE]);
  const shape = [7];
  const wire = Tensor.encode(encodeTensor(values, shape)).finish();
  const back = Tensor.decode(wire);
  assert.equal(back.dtype, Dtype.DTYPE_FLOAT64);
  assert.deepEqual(back.shape, shape);
  assert.deepEqual(Array.from(decodeTensor(back) as Float64Array), Array.from(values));
  assert.ok(Object.is((decodeTensor(back) as Float64Array)[1], -0));
});

test('data bytes are little-endian, row-major', () => {
  const t = encodeTensor(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assert.equal(t.dtype, Dtype.DTYPE_FLOAT32);
  assert.equal(t.data.length, 24);
  assert.equal(t.data.readFloatLE(4 * 4), 5); // row 1, column 1
  const i = encodeTensor(new Int32Array([0x01020304]));
  assert.deepEqual([...i.data], [4, 3, 2, 1]);
});

test('decoding an unaligned byte view copies and still reads the right values', () => {
  const backing = Buffer.alloc(8 * 3 + 1);
  backing.writeDoubleLE(2.25, 1);
  backing.writeDoubleLE(-7, 9);
  backing.writeDoubleLE(1e10, 17);
  const t: Tensor = { dtype: Dtype.DTYPE_FLOAT64, shape: [3], data: backing.subarray(1) };
  assert.deepEqual(Array.from(decodeFloat64(t)), [2.25, -7, 1e10]);
});

test('float32 widens exactly and float64 rounds to float32', () => {
  const f32 = encodeTensor(new Float32Array([0.1, 3]));
  assert.deepEqual(Array.from(decodeFloat64(f32)), [Math.fround(0.1), 3]);
  const f64 = encodeTensor(new Float64Array([0.1]));
  assert.equal(decodeFloat32(f64)[0], Math.fround(0.1));
});

test('wrong byte length, shape mismatch and bad dtype are TensorErrors naming the problem', () => {
  assert.throws(() => encodeTensor(new Float32Array(5), [2, 3]), /holds 6 elements, array has 5/);
  const short: Tensor = { dtype: Dtype.DTYPE_FLOAT32, shape: [2, 3], data: Buffer.alloc(20) };
  assert.throws(() => checkTensorSize(short), (e: unknown) => e instanceof TensorError && /needs 24 bytes, got 20/.test(e.message));
  const unspecified: Tensor = { dtype: Dtype.DTYPE_UNSPECIFIED, shape: [1], data: Buffer.alloc(4) };
  assert.throws(() => decodeTensor(unspecified), /unsupported tensor dtype 0; valid: float32, float64/);
  const ints = encodeTensor(new Int32Array([1]));
  assert.throws(() => decodeFloat64(ints), /expected a float32 or float64 tensor, got int32/);
});

test('firstNonFinite finds NaN and infinities', () => {
  assert.equal(firstNonFinite([1, 2, 3]), -1);
  assert.equal(firstNonFinite([1, NaN, 3]), 1);
  assert.equal(firstNonFinite(new Float32Array([0, 0, -Infinity])), 2);
});
