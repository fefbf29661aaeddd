// The blas backend (wasm with OpenBLAS matrix products, src/backend/blas-matmul.ts): its products equal a float64
// reference for every transpose and batch layout, what it does not handle falls back to wasm's kernels, it
// refuses operands outside the heap, Q-Flow updates on it match the cpu backend and repeat bit for bit, and
// selecting wasm afterwards puts wasm's own products back. Skips, naming why, where the optional addon was not
// built (CI installs OpenBLAS: .ci/install-openblas.sh). Its fused GELU and GELU→LayerNorm kernels give the
// composed ops' values and gradients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { activeBackendName, selectBackend } from '../src/backend/index.js';
import { createRequire } from 'node:module';
import { blasAvailability, blasKernelsActive } from '../src/backend/blas-backend.js';
import { NATIVE_ADDON_FILE } from '../src/native/native-addon.js';
import { denseBackwardStyle } from '../src/nn/dense.js';
import { activate } from '../src/nn/activations.js';
import { activateAndNormalize, fusedGeluAvailable } from '../src/nn/gelu-layer-norm.js';
import { layerNorm } from '../src/nn/layer-norm.js';
import { assertParity, runParityChild } from './backend-parity.js';

const addon = blasAvailability();
const skip = addon.ok ? false : `the blas addon is not available: ${addon.reason}`;

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

/** op(a)·op(b) in float64 for [batch, rows, cols] row-major operands (batch 1 broadcasts). */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], ta: boolean, tb: boolean): Float64Array {
  const [ab, ar, ac] = aShape as [number, number, number];
  const [bb, br, bc] = bShape as [number, number, number];
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const batch = Math.max(ab, bb);
  const out = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    const ao = (ab === 1 ? 0 : p) * ar * ac;
    const bo = (bb === 1 ? 0 : p) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let q = 0; q < k; q++) sum += a[ao + (ta ? q * ac + i : i * ac + q)]! * b[bo + (tb ? j * bc + q : q * bc + j)]!;
        out[(p * m + i) * n + j] = sum;
      }
    }
  }
  return out;
}

function assertNear(got: Float32Array | Int32Array | Uint8Array, want: Float64Array, k: number, what: string): void {
  assert.equal(got.length, want.length, what);
  // float32 products summed over k terms of magnitude <= 1: error well under k * 2^-23 each.
  const tol = k * 1.2e-7 + 1e-6;
  want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= tol, `${what}[${i}]: ${got[i]} vs ${w}`));
}

test('blas: products equal a float64 reference for every transpose, batch and broadcast layout', { skip, timeout: 60_000 }, async () => {
  await selectBackend('blas', () => {});
  assert.equal(activeBackendName(), 'blas');
  assert.equal(denseBackwardStyle(), 'transpose-flags', 'OpenBLAS multiplies transposed operands in place: no explicit transposes');
  const layouts: [number[], number[]][] = [[[1, 7, 5], [1, 5, 3]], [[3, 7, 5], [3, 5, 3]], [[3, 7, 5], [1, 5, 3]], [[1, 7, 5], [3, 5, 3]]];
  for (const [aShape, bShape] of layouts) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const aS = ta ? [aShape[0]!, aShape[2]!, aShape[1]!] : aShape;
        const bS = tb ? [bShape[0]!, bShape[2]!, bShape[1]!] : bShape;
        const a = values(aS[0]! * aS[1]! * aS[2]!, 1);
        const b = values(bS[0]! * bS[1]! * bS[2]!, 2);
        const rank2 = aS[0] === 1 && bS[0] === 1;
        const got = tf.tidy(() => rank2
          ? tf.matMul(tf.tensor2d(a, [aS[1]!, aS[2]!]), tf.tensor2d(b, [bS[1]!, bS[2]!]), ta, tb).dataSync()
          : tf.matMul(tf.tensor3d(a, aS as [number, number, number]), tf.tensor3d(b, bS as [number, number, number]), ta, tb).dataSync());
        assertNear(got, reference(a, aS, b, bS, ta, tb), 5, `a ${aS} b ${bS} ta ${ta} tb ${tb}`);
      }
    }
  }
});

test('blas: a fused product adds its bias to every row; with an activation (left to wasm\'s kernel) it is applied', { skip, timeout: 60_000 }, async () => {
  await selectBackend('blas', () => {});
  const a = values(6 * 4, 3);
  const b = values(4 * 5, 4);
  const bias = values(5, 5);
  const want = reference(a, [1, 6, 4], b, [1, 4, 5], false, false).map((v, i) => v + bias[i % 5]!);
  const withBias = tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(a, [6, 4]), b: tf.tensor2d(b, [4, 5]), bias: tf.tensor1d(bias) }).dataSync());
  assertNear(withBias, want, 4, 'x·W + b');
  const relu = tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(a, [6, 4]), b: tf.tensor2d(b, [4, 5]), bias: tf.tensor1d(bias), activation: 'relu' }).dataSync());
  assertNear(relu, want.map((v) => Math.max(0, v)), 4, 'relu(x·W + b)');
});

test('blas: fused GELU and GELU→LayerNorm kernels give the composed ops\' values and gradients', { skip, timeout: 60_000 }, async () => {
  await selectBackend('blas', () => {});
  assert.ok(fusedGeluAvailable());
  const [rows, cols] = [9, 37];
  const x = tf.tensor2d(values(rows * cols, 8).map((v) => 4 * v), [rows, cols]);
  const scale = tf.tensor1d(values(cols, 9).map((v) => 1 + v / 2));
  const bias = tf.tensor1d(values(cols, 10));
  const c = tf.tensor2d(values(rows * cols, 11), [rows, cols]);
  const lossOf = (f: (x: tf.Tensor2D, s: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor2D) =>
    (xs: tf.Tensor, ss: tf.Tensor, bs: tf.Tensor) => tf.sum(tf.mul(f(xs as tf.Tensor2D, ss as tf.Tensor1D, bs as tf.Tensor1D), c));
  const cases: [string, (x: tf.Tensor2D, s: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor2D, (x: tf.Tensor2D, s: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor2D][] = [
    ['gelu→LayerNorm', (xs, ss, bs) => activateAndNormalize('gelu', xs, { scale: ss, bias: bs }), (xs, ss, bs) => layerNorm(activate('gelu', xs), ss, bs)],
    ['gelu', (xs) => activateAndNormalize('gelu', xs), (xs) => activate('gelu', xs)],
  ];
  for (const [name, fused, composed] of cases) {
    const profile = await tf.profile(() => fused(x, scale, bias));
    const kernels = profile.kernels.map((k) => k.name).filter((k) => tf.getKernel(k, 'wasm')); // not scopes
    assert.ok(kernels.length === 1 && kernels[0]!.startsWith('QflowGelu'), `${name}: one fused kernel, ran ${kernels.join(', ')}`);
    const [fv, cv] = [fused(x, scale, bias).dataSync(), composed(x, scale, bias).dataSync()];
    fv.forEach((v, i) => assert.ok(Math.abs(v - cv[i]!) <= 2e-5 * (1 + Math.abs(cv[i]!)), `${name} value[${i}]: ${v} vs ${cv[i]}`));
    // GELU alone does not read scale and bias: differentiate with respect to x only.
    const gradients = (f: typeof fused) => name === 'gelu' ? [tf.grad((xs: tf.Tensor) => lossOf(f)(xs, scale, bias))(x)] : tf.grads(lossOf(f))([x, scale, bias]);
    const [fg, cg] = [gradients(fused), gradients(composed)];
    fg.forEach((g, k) => {
      const [gv, wv] = [g.dataSync(), cg[k]!.dataSync()];
      gv.forEach((v, i) => assert.ok(Math.abs(v - wv[i]!) <= 1e-4 * (1 + Math.abs(wv[i]!)), `${name} gradient ${k}[${i}]: ${v} vs ${wv[i]}`));
    });
  }
});

test('blas: the addon refuses operands outside the heap instead of touching other memory', { skip }, async () => {
  await selectBackend('blas', () => {});
  const raw = createRequire(import.meta.url)(NATIVE_ADDON_FILE) as { sgemm: (...args: unknown[]) => void };
  const heap = new Float32Array(16).buffer;
  assert.throws(() => raw.sgemm(heap, 0, 0, 2, 2, 2, 0, 4, 14, 1, 0, 0, -1), /operand outside the heap/);
  assert.throws(() => raw.sgemm(heap, 0, 0, 2, 2, 2, -1, 4, 8, 1, 0, 0, -1), /operand outside the heap/);
  assert.throws(() => raw.sgemm(heap, 0, 0, 0, 2, 2, 0, 4, 8, 1, 0, 0, -1), /bad dimensions/);
  assert.throws(() => raw.sgemm(heap, 0, 0, 2, 2), /13 arguments/);
});

test('blas: selecting wasm again restores wasm\'s own products bit for bit', { skip, timeout: 60_000 }, async () => {
  const a = values(64 * 48, 6);
  const b = values(48 * 40, 7);
  const product = () => tf.tidy(() => tf.matMul(tf.tensor2d(a, [64, 48]), tf.tensor2d(b, [48, 40])).dataSync());
  await selectBackend('wasm', () => {});
  const wasmBefore = product();
  await selectBackend('blas', () => {});
  assert.ok(blasKernelsActive());
  const blas = product();
  await selectBackend('wasm', () => {});
  assert.equal(activeBackendName(), 'wasm');
  assert.ok(!blasKernelsActive());
  assert.deepEqual(product(), wasmBefore);
  assert.notDeepEqual(blas, wasmBefore, 'OpenBLAS sums in another order than wasm: some last bits differ (else this test proves nothing)');
});

test('blas: Q-Flow updates equal the cpu backend within float32 tolerance and repeat bit for bit', { skip, timeout: 300_000 }, async () => {
  const [cpu, first, second] = await Promise.all([runParityChild('cpu'), runParityChild('blas'), runParityChild('blas')]);
  assert.equal(first.backend, 'blas');
  assertParity(first, cpu);
  assert.deepEqual(second, first);
});
