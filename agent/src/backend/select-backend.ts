// Chooses the fastest TensorFlow.js backend present and logs the choice in one line.
// Order for 'auto': tfjs-node-gpu → tfjs-node → wasm → cpu. The native bindings are optional dependencies,
// so they are loaded with a dynamic import inside try/catch.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import path from 'node:path';

export type BackendRequest = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export interface BackendSelection {
  /** The tfjs backend name now active ('tensorflow', 'wasm' or 'cpu'). */
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

async function tryWasm(): Promise<Attempt> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(distDir + path.sep);
    if (!(await activate('wasm'))) return { ok: false, reason: 'wasm backend did not initialise' };
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = wasm.getThreadsCount();
    const threadNote = threads === 1 ? '1 thread: tfjs disables wasm threads under Node' : `${threads} threads`;
    return { ok: true, detail: `simd ${simd ? 'on' : 'off'}, ${threadNote}` };
  } catch (err) {
    return { ok: false, reason: `wasm failed: ${errorText(err)}` };
  }
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

const ATTEMPTS: Record<Exclude<BackendRequest, 'auto'>, () => Promise<Attempt>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

const FALLBACK_ORDER: Exclude<BackendRequest, 'auto'>[] = ['tensorflow', 'wasm', 'cpu'];

/**
 * Activates a backend and logs one line naming it and why faster ones were skipped.
 * A requested backend that fails falls back along tensorflow → wasm → cpu.
 */
export async function selectBackend(
  requested: BackendRequest = 'auto',
  log: (line: string) => void = (line) => console.error(line),
): Promise<BackendSelection> {
  if (!BACKEND_CHOICES.includes(requested)) {
    throw new Error(`unknown backend '${String(requested)}'; valid choices: ${BACKEND_CHOICES.join(', ')}`);
  }
  const start = requested === 'auto' ? 0 : FALLBACK_ORDER.indexOf(requested);
  const skipped: string[] = [];
  for (const name of FALLBACK_ORDER.slice(start)) {
    const attempt = await ATTEMPTS[name]();
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
