// The WebGPU backend against the cpu backend: a few Q-Flow updates at a tiny config give the same losses,
// weights, Adam moments and actions within float32 tolerance. Runs wherever a WebGPU adapter exists (CI installs
// Mesa's lavapipe CPU Vulkan driver: .ci/install-vulkan.sh); skips, naming why, where none does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../src/backend/index.js';
import { assertParity, runParityChild } from './backend-parity.js';
import { probeWebgpuQuietly } from '../src/backend/webgpu-backend.js';

test('webgpu: Q-Flow losses, weights, Adam moments and act() equal the cpu backend within float32 tolerance', { timeout: 900_000 }, async (t) => {
  const probe = await probeWebgpuQuietly();
  if (!probe.ok) return t.skip(`no WebGPU adapter here: ${probe.reason}`);
  t.diagnostic(`adapter: ${probe.adapter}${probe.software ? ' (software)' : ''}`);
  const [cpu, gpu] = await Promise.all([runParityChild('cpu'), runParityChild('webgpu')]);
  assert.equal(gpu.backend, 'webgpu');
  assertParity(gpu, cpu);
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
