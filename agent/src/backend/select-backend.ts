// Chooses the fastest TensorFlow.js backend present and logs the choice in one line.
// Order for 'auto': tfjs-node-gpu → webgpu (a hardware adapter only) → tfjs-node → blas → wasm → cpu. `blas` is
// wasm with native kernels (blas-backend.ts), present when the agent's optional native addon was built. A software
// WebGPU adapter (e.g. Mesa's lavapipe, a CPU Vulkan driver) is skipped by 'auto': on the CPU wasm is faster;
// `webgpu` forces it. The native bindings and WebGPU are optional dependencies, loaded with a dynamic import
// inside try/catch.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import path from 'node:path';
import { blasAvailability, blasKernelsActive, useBlasKernels, useWasmKernels } from './blas-backend.js';
import { loadWebgpuBackend, probeWebgpu, probeWebgpuQuietly } from './webgpu-backend.js';

export type BackendRequest = 'auto' | 'tensorflow' | 'webgpu' | 'blas' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendRequest[] = ['auto', 'tensorflow', 'webgpu', 'blas', 'wasm', 'cpu'];

export interface BackendSelection {
  /** The backend now active: a tfjs backend name ('tensorflow', 'webgpu', 'wasm', 'cpu'), or 'blas' (tfjs's wasm). */
  name: string;
  /** The requested backend. */
  requested: BackendRequest;
  /** The one log line describing the choice (and why others were skipped). */
  message: string;
}

type Attempt = { ok: true; detail: string } | { ok: false; reason: string };

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 160);
}

async function tryNativePackage(pkg: string): Promise<Attempt> {
  try {
    await import(pkg);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    return { ok: false, reason: missing ? `${pkg} not installed` : `${pkg} failed to load: ${errorText(err)}` };
  }
  if (!(await activate('tensorflow'))) return { ok: false, reason: `${pkg} loaded but its backend did not start` };
  return { ok: true, detail: pkg };
}

async function tryTensorflow(): Promise<Attempt> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const attempt = await tryNativePackage(pkg);
    if (attempt.ok) return attempt;
    reasons.push(attempt.reason);
  }
  return { ok: false, reason: reasons.join('; ') };
}

/**
 * WebGPU on the adapter Dawn offers. 'auto' (`allowSoftware` false) probes in a child process first and takes
 * only a hardware adapter; a forced request takes a software (CPU) adapter too.
 */
async function tryWebgpu(allowSoftware: boolean): Promise<Attempt> {
  try {
    if (!allowSoftware) {
      const quiet = await probeWebgpuQuietly();
      if (!quiet.ok) return { ok: false, reason: `webgpu: ${quiet.reason}` };
      if (quiet.software) {
        return { ok: false, reason: `webgpu: only a software adapter (${quiet.adapter}), slower than wasm on the CPU; --backend webgpu forces it` };
      }
    }
    const probe = await probeWebgpu();
    if (!probe.ok) return { ok: false, reason: `webgpu: ${probe.reason}` };
    await loadWebgpuBackend();
    if (!(await activate('webgpu'))) return { ok: false, reason: `webgpu: the backend did not start on ${probe.adapter}` };
    return { ok: true, detail: `${probe.adapter}${probe.software ? ', software adapter' : ''}` };
  } catch (err) {
    return { ok: false, reason: `webgpu failed: ${errorText(err)}` };
  }
}

async function tryWasm(): Promise<Attempt> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(distDir + path.sep);
    useWasmKernels();
    if (!(await activate('wasm'))) return { ok: false, reason: 'wasm backend did not initialise' };
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = wasm.getThreadsCount();
    const threadNote = threads === 1 ? '1 thread: tfjs disables wasm threads under Node' : `${threads} threads`;
    return { ok: true, detail: `simd ${simd ? 'on' : 'off'}, ${threadNote}` };
  } catch (err) {
    return { ok: false, reason: `wasm failed: ${errorText(err)}` };
  }
}

async function tryBlas(): Promise<Attempt> {
  const addon = blasAvailability();
  if (!addon.ok) return addon;
  const wasm = await tryWasm();
  if (!wasm.ok) return { ok: false, reason: `blas: ${wasm.reason}` };
  useBlasKernels();
  return { ok: true, detail: `wasm with OpenBLAS matrix products (1 BLAS thread: ${addon.description}) and fused GELU/LayerNorm kernels` };
}

async function activate(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function tryCpu(): Promise<Attempt> {
  if (!(await activate('cpu'))) return { ok: false, reason: 'cpu failed' };
  // Our log line already names the backend; silence tfjs's multi-line "install tfjs-node" banner.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return { ok: true, detail: 'pure JavaScript' };
}

/** The active backend as selectBackend names it ('blas' is tfjs's wasm with OpenBLAS products). */
export function activeBackendName(): string {
  const name = tf.getBackend();
  return name === 'wasm' && blasKernelsActive() ? 'blas' : name;
}

/** One candidate: the tfjs backend it activates and how to try it. */
interface Step {
  name: Exclude<BackendRequest, 'auto'>;
  attempt: () => Promise<Attempt>;
}

const WASM: Step = { name: 'wasm', attempt: tryWasm };
const BLAS: Step = { name: 'blas', attempt: tryBlas };
const CPU: Step = { name: 'cpu', attempt: tryCpu };

const AUTO_ORDER: Step[] = [
  { name: 'tensorflow', attempt: () => tryNativePackage('@tensorflow/tfjs-node-gpu') },
  { name: 'webgpu', attempt: () => tryWebgpu(false) },
  { name: 'tensorflow', attempt: () => tryNativePackage('@tensorflow/tfjs-node') },
  BLAS,
  WASM,
  CPU,
];

/** An explicitly requested backend, then the fallbacks that need nothing installed. */
const REQUESTED_ORDER: Record<Exclude<BackendRequest, 'auto'>, Step[]> = {
  tensorflow: [{ name: 'tensorflow', attempt: tryTensorflow }, WASM, CPU],
  webgpu: [{ name: 'webgpu', attempt: () => tryWebgpu(true) }, WASM, CPU],
  blas: [BLAS, WASM, CPU],
  wasm: [WASM, CPU],
  cpu: [CPU],
};

export interface SelectOptions {
  /**
   * The caller reads tensors synchronously (dataSync), which the WebGPU backend cannot do: 'auto' skips it and
   * requesting it is an error.
   */
  syncReads?: boolean;
}

/**
 * Activates a backend and logs one line naming it and why faster ones were skipped.
 * A requested backend that fails falls back to wasm, then cpu.
 */
export async function selectBackend(
  requested: BackendRequest = 'auto',
  log: (line: string) => void = (line) => console.error(line),
  options: SelectOptions = {},
): Promise<BackendSelection> {
  if (!BACKEND_CHOICES.includes(requested)) {
    throw new Error(`unknown backend '${String(requested)}'; valid choices: ${BACKEND_CHOICES.join(', ')}`);
  }
  if (options.syncReads && requested === 'webgpu') {
    throw new Error(`backend 'webgpu' cannot read tensors synchronously, which this command needs; valid choices: ${BACKEND_CHOICES.filter((b) => b !== 'webgpu').join(', ')}`);
  }
  const steps = requested === 'auto' ? AUTO_ORDER : REQUESTED_ORDER[requested];
  const skipped: string[] = [];
  for (const { name, attempt: run } of steps) {
    if (options.syncReads && name === 'webgpu') {
      skipped.push('webgpu: not for synchronous reads');
      continue;
    }
    const attempt = await run();
    if (attempt.ok) {
      const fellBack = requested !== 'auto' ? `requested ${requested}, fell back: ` : '';
      const why = skipped.length ? ` (${fellBack}${skipped.join('; ')})` : '';
      const message = `backend: ${name} [${attempt.detail}]${why}`;
      log(message);
      return { name, requested, message };
    }
    skipped.push(attempt.reason);
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}
