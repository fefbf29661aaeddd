// Loads the agent's optional native addon (agent/native/qflow-native.c, built by `npm run build` when a C
// compiler, Node's headers and OpenBLAS are present). Without it everything still runs: the `blas` backend is
// unavailable and the host optimizer runs its JavaScript loops, which give the same bits.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeAddon {
  /** For each of `batch` products: C = op(A)·op(B) (+ bias row), operands given as float offsets into `heap`. */
  sgemm(heap: ArrayBuffer, transA: number, transB: number, m: number, n: number, k: number,
    aOffset: number, bOffset: number, cOffset: number, batch: number, aStride: number, bStride: number, biasOffset: number): void;
  /** OpenBLAS's thread count (process-wide). */
  setThreads(threads: number): void;
  /** OpenBLAS's build configuration and the CPU kernel it chose. */
  describe(): string;
  /** y = gelu(x) over n floats of `heap` (tanh form). */
  gelu(heap: ArrayBuffer, n: number, x: number, y: number): void;
  /** dx = dy·gelu'(x). */
  geluGrad(heap: ArrayBuffer, n: number, x: number, dy: number, dx: number): void;
  /** y = LayerNorm(gelu(x))·scale + bias per row of a [rows, cols] x. */
  geluLayerNorm(heap: ArrayBuffer, rows: number, cols: number, x: number, scale: number, bias: number, y: number, eps: number): void;
  /** The gradients of geluLayerNorm: dx [rows, cols], dscale and dbias [cols]. */
  geluLayerNormGrad(heap: ArrayBuffer, rows: number, cols: number, x: number, scale: number, dy: number, dx: number,
    dscale: number, dbias: number, eps: number): void;
  /** One Adam step over [lo, hi), the arithmetic of host-params.ts's adamRange; returns Σg². */
  adam(params: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, lo: number, hi: number,
    stepSize: number, epsHat: number, b1: number, b2: number): number;
  /** targets[t0 + i] = tau·params[s0 + i] + (1 − tau)·targets[t0 + i] for i < count. */
  ema(targets: Float32Array, params: Float32Array, t0: number, s0: number, count: number, tau: number): void;
}

export type NativeStatus = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

const BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'native', 'build');
export const NATIVE_ADDON_FILE = path.join(BUILD_DIR, 'qflow-native.node');
let status: NativeStatus | undefined;

/** The addon, or why it is not available (the build's recorded reason when it was skipped). Loaded once. */
export function nativeAddon(): NativeStatus {
  if (status) return status;
  if (!existsSync(NATIVE_ADDON_FILE)) return (status = { ok: false, reason: `native addon ${buildReason()}` });
  try {
    const addon = createRequire(import.meta.url)(NATIVE_ADDON_FILE) as NativeAddon;
    // One BLAS thread: data-parallel --threads share the cores, and results then repeat bit for bit.
    addon.setThreads(1);
    status = { ok: true, addon };
  } catch (err) {
    status = { ok: false, reason: `native addon ${NATIVE_ADDON_FILE} failed to load: ${(err as Error).message.split('\n')[0]}` };
  }
  return status;
}

function buildReason(): string {
  try {
    const built = JSON.parse(readFileSync(path.join(BUILD_DIR, 'status.json'), 'utf8')) as { reason?: string };
    if (built.reason) return `not built: ${built.reason}`;
  } catch {
    // No status: the build step never ran.
  }
  return 'not built (run npm run build)';
}
