// TensorFlow.js's WebGPU backend under Node, through Dawn's Node binding (the `webgpu` npm package, prebuilt
// binaries inside the package). Both packages are optional dependencies. tfjs-backend-webgpu registers itself
// only if `navigator.gpu` exists when its module loads, so the GPU object and Dawn's globals (GPUBufferUsage, ...)
// are installed first. The backend cannot read tensors synchronously (no dataSync): callers use `await data()`.
import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export type WebgpuProbe =
  | { ok: true; adapter: string; software: boolean }
  | { ok: false; reason: string };

// The few WebGPU types used here (so that the build needs neither optional package).
interface AdapterInfo { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean }
interface GpuAdapter { readonly info: AdapterInfo }
interface Gpu { requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapter | null> }
interface DawnModule { create(options: string[]): Gpu; globals: object }

// Module names in variables: TypeScript does not resolve them, so the optional packages may be absent.
const DAWN_PACKAGE = 'webgpu';
const TFJS_WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

let gpu: Gpu | undefined;

function describe(info: AdapterInfo): string {
  return (info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'unnamed adapter').trim();
}

/**
 * Whether a WebGPU adapter exists, its name, and whether it is a software (CPU) adapter such as Mesa's lavapipe:
 * Dawn reports those as fallback adapters.
 */
export async function probeWebgpu(): Promise<WebgpuProbe> {
  let dawn: DawnModule;
  try {
    dawn = (await import(DAWN_PACKAGE)) as DawnModule;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return { ok: false, reason: 'webgpu (npm package) not installed' };
    return { ok: false, reason: `webgpu (npm package) failed to load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  Object.assign(globalThis, dawn.globals);
  gpu ??= dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter (no Vulkan driver? see .ci/install-vulkan.sh)' };
  const info = adapter.info;
  const software = info.isFallbackAdapter === true || info.architecture === 'software';
  return { ok: true, adapter: describe(info), software };
}

/**
 * The same probe in a child process, for 'auto': drivers print diagnostics on stderr when enumerated (lavapipe
 * warns about its limits) and a broken driver can crash the process; neither should reach a run that ends up on
 * another backend.
 */
export async function probeWebgpuQuietly(timeoutMs = 30_000): Promise<WebgpuProbe> {
  try {
    createRequire(import.meta.url).resolve(DAWN_PACKAGE);
  } catch {
    return { ok: false, reason: 'webgpu (npm package) not installed' };
  }
  const script = fileURLToPath(new URL('./webgpu-probe-main.js', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { timeout: timeoutMs }, (err, stdout) => {
      if (err) {
        const why = err.killed ? `timed out after ${timeoutMs / 1000} s` : (err.signal ?? `exit code ${err.code}`);
        resolve({ ok: false, reason: `adapter probe failed (${why})` });
        return;
      }
      try {
        resolve(JSON.parse(stdout) as WebgpuProbe);
      } catch {
        resolve({ ok: false, reason: 'adapter probe printed no result' });
      }
    });
  });
}

/** Makes the probed GPU visible as `navigator.gpu` and loads the tfjs WebGPU backend module (registering it). */
export async function loadWebgpuBackend(): Promise<void> {
  if (!gpu) throw new Error('probeWebgpu must find an adapter first');
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (!('gpu' in nav)) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  await import(TFJS_WEBGPU_PACKAGE);
  if (!tf.findBackendFactory('webgpu')) throw new Error('@tensorflow/tfjs-backend-webgpu loaded but did not register (navigator.gpu missing?)');
}
