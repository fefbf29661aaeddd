// The WebGPU backend against the cpu backend: a few Q-Flow updates at a tiny config give the same losses,
// weights, Adam moments and actions within float32 tolerance. Runs wherever a WebGPU adapter exists (CI installs
// Mesa's lavapipe CPU Vulkan driver: .ci/install-vulkan.sh); skips, naming why, where none does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/backend/index.js';
import { probeWebgpuQuietly } from '../src/backend/webgpu-backend.js';

interface ParityResult {
  backend: string;
  metrics: Record<string, number>[];
  actions: number[];
  tensors: Record<string, number[]>;
}

const CHILD = fileURLToPath(new URL('./backend-parity-child.js', import.meta.url));

/** tfjs keeps one active backend per process: each side runs in its own child. */
function runOn(backend: string): Promise<ParityResult> {
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

// Tolerances. Both sides are float32; WebGPU's matmul and reductions sum in another order (tiles, parallel trees),
// so each op may differ by a few ulps (≈1e-7 relative), which three updates carry forward without amplifying much
// (measured on lavapipe: metrics 5e-6 relative at worst, weights 3e-8, Adam moments 9e-8, actions 6e-8). The
// bounds leave ~100× margin yet stay far below what a real difference makes: Adam moves every weight by about
// lr = 3e-4 per update, so a wrong kernel or gradient shows up orders of magnitude above 1e-5.
const METRIC_REL = 1e-4;
const METRIC_ABS = 1e-5;
const VALUE_ABS = 1e-5;

function assertClose(got: number, want: number, abs: number, rel: number, what: string): void {
  assert.ok(Number.isFinite(got), `${what}: ${got}`);
  assert.ok(Math.abs(got - want) <= abs + rel * Math.abs(want), `${what}: webgpu ${got} vs cpu ${want}`);
}

test('webgpu: Q-Flow losses, weights, Adam moments and act() equal the cpu backend within float32 tolerance', { timeout: 900_000 }, async (t) => {
  const probe = await probeWebgpuQuietly();
  if (!probe.ok) return t.skip(`no WebGPU adapter here: ${probe.reason}`);
  t.diagnostic(`adapter: ${probe.adapter}${probe.software ? ' (software)' : ''}`);
  const [cpu, gpu] = await Promise.all([runOn('cpu'), runOn('webgpu')]);
  assert.equal(gpu.backend, 'webgpu');
  assert.equal(gpu.metrics.length, cpu.metrics.length);
  cpu.metrics.forEach((m, i) => {
    assert.deepEqual(Object.keys(gpu.metrics[i]!).sort(), Object.keys(m).sort());
    for (const [k, v] of Object.entries(m)) assertClose(gpu.metrics[i]![k]!, v, METRIC_ABS, METRIC_REL, `update ${i + 1} ${k}`);
  });
  assert.deepEqual(Object.keys(gpu.tensors).sort(), Object.keys(cpu.tensors).sort());
  for (const [name, values] of Object.entries(cpu.tensors)) {
    assert.equal(gpu.tensors[name]!.length, values.length, name);
    values.forEach((v, i) => assertClose(gpu.tensors[name]![i]!, v, VALUE_ABS, 0, `${name}[${i}]`));
  }
  assert.equal(gpu.actions.length, cpu.actions.length);
  cpu.actions.forEach((v, i) => assertClose(gpu.actions[i]!, v, VALUE_ABS, 0, `action ${i}`));
});

test("'auto' takes a hardware WebGPU adapter but skips a software one, saying why", { timeout: 120_000 }, async (t) => {
  const probe = await probeWebgpuQuietly();
  if (!probe.ok) return t.skip(`no WebGPU adapter here: ${probe.reason}`);
  const lines: string[] = [];
  const selection = await selectBackend('auto', (l) => lines.push(l));
  if (probe.software) {
    assert.notEqual(selection.name, 'webgpu');
    assert.match(lines[0]!, /webgpu: only a software adapter \(.+\), slower than wasm on the CPU; --backend webgpu forces it/);
  } else if (selection.name !== 'tensorflow') {
    assert.equal(selection.name, 'webgpu', lines[0]);
  }
});
