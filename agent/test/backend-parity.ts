// Runs the same few Q-Flow updates (backend-parity-child.ts) on two backends and compares the losses, weights,
// Adam moments and actions within float32 tolerance. tfjs keeps one active backend per process: each side runs in
// its own child.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ParityResult {
  backend: string;
  metrics: Record<string, number>[];
  actions: number[];
  tensors: Record<string, number[]>;
}

const CHILD = fileURLToPath(new URL('./backend-parity-child.js', import.meta.url));

export function runParityChild(backend: string): Promise<ParityResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, backend], { maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${backend} child failed: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as ParityResult);
      } catch (parseErr) {
        reject(new Error(`${backend} child printed no result (${String(parseErr)}): ${stdout.slice(0, 200)}`));
      }
    });
  });
}

// Tolerances. Both sides are float32; another backend's matmul and reductions may sum in another order (tiles,
// parallel trees, SIMD lanes), so each op may differ by a few ulps (≈1e-7 relative), which three updates carry
// forward without amplifying much (measured on WebGPU/lavapipe: metrics 5e-6 relative at worst, weights 3e-8,
// Adam moments 9e-8, actions 6e-8). The bounds leave ~100× margin yet stay far below what a real difference
// makes: Adam moves every weight by about lr = 3e-4 per update, so a wrong kernel or gradient shows up orders of
// magnitude above 1e-5.
const METRIC_REL = 1e-4;
const METRIC_ABS = 1e-5;
const VALUE_ABS = 1e-5;

function assertClose(got: number, want: number, abs: number, rel: number, what: string): void {
  assert.ok(Number.isFinite(got), `${what}: ${got}`);
  assert.ok(Math.abs(got - want) <= abs + rel * Math.abs(want), `${what}: ${got} vs reference ${want}`);
}

/** `got` (one backend) equals `want` (the reference backend) up to float32 rounding. */
export function assertParity(got: ParityResult, want: ParityResult): void {
  assert.equal(got.metrics.length, want.metrics.length);
  want.metrics.forEach((m, i) => {
    assert.deepEqual(Object.keys(got.metrics[i]!).sort(), Object.keys(m).sort());
    for (const [k, v] of Object.entries(m)) assertClose(got.metrics[i]![k]!, v, METRIC_ABS, METRIC_REL, `update ${i + 1} ${k}`);
  });
  assert.deepEqual(Object.keys(got.tensors).sort(), Object.keys(want.tensors).sort());
  for (const [name, values] of Object.entries(want.tensors)) {
    assert.equal(got.tensors[name]!.length, values.length, name);
    values.forEach((v, i) => assertClose(got.tensors[name]![i]!, v, VALUE_ABS, 0, `${name}[${i}]`));
  }
  assert.equal(got.actions.length, want.actions.length);
  want.actions.forEach((v, i) => assertClose(got.actions[i]!, v, VALUE_ABS, 0, `action ${i}`));
}
