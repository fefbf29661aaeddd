// The native addon's optimizer loops (agent/native/qflow-native.c) give the same bits as host-params.ts's
// JavaScript loops: Adam's parameters, moments and Σg², and the EMA targets, over several steps, on plain and
// shared buffers. Skips, naming why, where the addon was not built (CI builds it: .ci/install-openblas.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adamRange, type HostBuffers } from '../src/nn/host-params.js';
import { nativeAddon } from '../src/native/native-addon.js';

const native = nativeAddon();
const skip = native.ok ? false : `the native addon is not available: ${native.reason}`;

function values(n: number, seed: number, scale = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => (((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1) * scale);
}

function buffers(n: number, shared: boolean): HostBuffers {
  const make = (data: number[]) => {
    const out = new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
    out.set(data);
    return out;
  };
  return { params: make(values(n, 1)), m: make(values(n, 2, 1e-3)), v: make(values(n, 3, 1e-6).map(Math.abs)), targets: make(values(n, 4)), count: new Float64Array(1) };
}

test('native Adam equals the JavaScript loop bit for bit over several steps', { skip }, () => {
  for (const shared of [false, true]) {
    const n = 10_007;
    const [js, c] = [buffers(n, shared), buffers(n, shared)];
    for (let count = 1; count <= 3; count++) {
      const g = Float32Array.from(values(n, 10 + count, count === 2 ? 1e-9 : 1));
      const step = { stepSize: 3e-4 * Math.sqrt(1 - 0.999 ** count) / (1 - 0.9 ** count), epsHat: 1e-8 * Math.sqrt(1 - 0.999 ** count), b1: 0.1, b2: 0.001 };
      const squaresJs = adamRange(js, g, 3, n - 2, step, false);
      const squaresC = adamRange(c, g, 3, n - 2, step, true);
      assert.equal(squaresC, squaresJs, `Σg² at step ${count}`);
    }
    assert.deepEqual(c.params, js.params, `params (shared ${shared})`);
    assert.deepEqual(c.m, js.m, 'first moments');
    assert.deepEqual(c.v, js.v, 'second moments');
    assert.notDeepEqual(c.params, buffers(n, shared).params, 'the steps moved the parameters');
  }
});

test('native EMA equals the JavaScript loop bit for bit', { skip }, () => {
  const n = 5003;
  const params = Float32Array.from(values(n, 5));
  const js = Float32Array.from(values(n, 6));
  const c = Float32Array.from(js);
  const tau = 0.005;
  for (let i = 10; i < n - 7; i++) js[i - 3] = tau * params[i]! + (1 - tau) * js[i - 3]!;
  if (native.ok) native.addon.ema(c, params, 7, 10, n - 17, tau);
  assert.deepEqual(c, js);
});

test('native optimizer loops refuse ranges outside their vectors and arrays of the wrong type', { skip }, () => {
  if (!native.ok) return;
  const f = new Float32Array(8);
  assert.throws(() => native.addon.adam(f, f, f, new Float32Array(4), 0, 8, 1, 1, 0.1, 0.1), /range outside the vectors/);
  assert.throws(() => native.addon.adam(f, f, f, f, 5, 4, 1, 1, 0.1, 0.1), /range outside the vectors/);
  assert.throws(() => native.addon.adam(f, f, f, new Float64Array(8) as never, 0, 8, 1, 1, 0.1, 0.1), /must be Float32Arrays/);
  assert.throws(() => native.addon.ema(f, f, 4, 0, 5, 0.1), /range outside the vectors/);
});
