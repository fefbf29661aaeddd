// The trained parameters, their Adam moments and the EMA targets of an agent, kept on the host as flat float32
// vectors (optionally in SharedArrayBuffers, so that data-parallel workers share one copy). The optimizer step
// runs here, in one pass of plain JavaScript per element, instead of ~12 tfjs kernels per parameter tensor
// (Adam) and 3 per target tensor (EMA): on wasm each kernel dispatch costs ~15–25 µs whatever its size, and a
// small update had ~700 of them for the optimizer alone. Each element is computed in float64 and stored as
// float32 (one rounding per stored value). The native addon (../native/native-addon.ts), when built, runs the same
// loops in C with the same arithmetic, about twice as fast, giving the same bits.
//
// Adam has optax's defaults and bias correction, folded into two scalars:
//   m ← m + (1−β1)(g − m);  v ← v + (1−β2)(g² − v);  p ← p − (lr·sqrt(c2)/c1) · m / (sqrt(v) + ε·sqrt(c2)),
//   c1 = 1 − β1^count, c2 = 1 − β2^count.
// EMA: target ← τ·source + (1−τ)·target.
import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native/native-addon.js';

/** One parameter tensor's place in a flat vector. */
export interface FlatEntry {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export const OPTAX_ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** A target tensor and the trained tensor it follows, as offsets into the target and trained vectors. */
interface EmaRun {
  targetOffset: number;
  sourceOffset: number;
  size: number;
}

type AdamStep = { stepSize: number; epsHat: number; b1: number; b2: number };

/** One Adam step over [a, b) of the host vectors with gradient g, natively when the addon is built; returns Σg². */
export function adamRange(buffers: HostBuffers, g: Float32Array, a: number, b: number, step: AdamStep, useNative = true): number {
  const native = useNative ? nativeAddon() : undefined;
  if (native?.ok) return native.addon.adam(buffers.params, buffers.m, buffers.v, g, a, b, step.stepSize, step.epsHat, step.b1, step.b2);
  return adamRangeJs(buffers, g, a, b, step);
}

function adamRangeJs(
  { params, m, v }: HostBuffers, g: Float32Array, a: number, b: number,
  { stepSize, epsHat, b1, b2 }: AdamStep,
): number {
  let squares = 0;
  for (let i = a; i < b; i++) {
    const gi = g[i]!;
    const gg = gi * gi;
    squares += gg;
    const mi = m[i]! + b1 * (gi - m[i]!);
    const vi = v[i]! + b2 * (gg - v[i]!);
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i]! - (Math.fround(mi) / (Math.sqrt(Math.fround(vi)) + epsHat)) * stepSize;
  }
  return squares;
}

/**
 * out[i] = Σ_k weights[k]·grads[k][i] over [lo, hi), added in k order in float64 and rounded to float32 (the same
 * on every thread), in one pass.
 */
function reduceInto(out: Float32Array, grads: Float32Array[], weights: number[], lo: number, hi: number): void {
  if (grads.length === 2) {
    const [g0, g1] = grads as [Float32Array, Float32Array];
    const [w0, w1] = weights as [number, number];
    for (let i = lo; i < hi; i++) out[i] = w0 * g0[i]! + w1 * g1[i]!;
    return;
  }
  for (let i = lo; i < hi; i++) {
    let sum = 0;
    for (let k = 0; k < grads.length; k++) sum += weights[k]! * grads[k]![i]!;
    out[i] = sum;
  }
}

function layout(vars: [string, tf.Variable][]): { entries: FlatEntry[]; size: number } {
  let offset = 0;
  const entries = vars.map(([name, v]) => {
    const size = v.shape.reduce((a, b) => a * b, 1);
    const entry = { name, shape: [...v.shape], offset, size };
    offset += size;
    return entry;
  });
  return { entries, size: offset };
}

function floats(size: number, shared: boolean): Float32Array {
  return new Float32Array(shared ? new SharedArrayBuffer(size * 4) : new ArrayBuffer(size * 4));
}

/** The buffers of a HostParams, transferable to a worker thread (SharedArrayBuffers share, others copy). */
export interface HostBuffers {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  targets: Float32Array;
  /** [count] of Adam steps taken, shared like the rest. */
  count: Float64Array;
}

export class HostParams {
  readonly trained: FlatEntry[];
  readonly targetEntries: FlatEntry[];
  readonly buffers: HostBuffers;
  private readonly emaRuns: EmaRun[];
  /** The reduced gradient of a step with several shards. */
  private scratch?: Float32Array;

  /**
   * `trained`: the variables Adam trains, in a fixed order; `targets`: each EMA target with the name of the
   * trained variable it follows. The host vectors start at zero (moments included): `download` copies the
   * variables in, unless `buffers` (e.g. shared by another thread) are given.
   */
  constructor(trained: [string, tf.Variable][], targets: [string, tf.Variable, string][], options: { shared?: boolean; buffers?: HostBuffers } = {}) {
    const t = layout(trained);
    const g = layout(targets.map(([name, v]) => [name, v]));
    this.trained = t.entries;
    this.targetEntries = g.entries;
    const byName = new Map(t.entries.map((e) => [e.name, e]));
    this.emaRuns = targets.map(([, , source], i) => {
      const src = byName.get(source);
      if (!src || src.size !== g.entries[i]!.size) throw new Error(`EMA target '${g.entries[i]!.name}' has no trained source '${source}' of its size`);
      return { targetOffset: g.entries[i]!.offset, sourceOffset: src.offset, size: src.size };
    });
    if (options.buffers) {
      this.buffers = options.buffers;
      if (this.buffers.params.length !== t.size || this.buffers.targets.length !== g.size) throw new Error('HostParams: buffers do not match the layout');
      return;
    }
    const shared = options.shared ?? false;
    this.buffers = {
      params: floats(t.size, shared), m: floats(t.size, shared), v: floats(t.size, shared), targets: floats(g.size, shared),
      count: new Float64Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8)),
    };
  }

  get size(): number {
    return this.buffers.params.length;
  }

  get count(): number {
    return this.buffers.count[0]!;
  }

  set count(value: number) {
    this.buffers.count[0] = value;
  }

  /** Copies the variables' values into the host vectors (asynchronously: GPU backends read asynchronously). */
  async download(trained: tf.Variable[], targets: tf.Variable[]): Promise<void> {
    const [t, g] = await Promise.all([Promise.all(trained.map((v) => v.data())), Promise.all(targets.map((v) => v.data()))]);
    t.forEach((data, i) => this.buffers.params.set(data as Float32Array, this.trained[i]!.offset));
    g.forEach((data, i) => this.buffers.targets.set(data as Float32Array, this.targetEntries[i]!.offset));
  }

  /** Writes the host vectors into the variables (one upload per tensor, no kernels). */
  upload(trained: tf.Variable[], targets: tf.Variable[]): void {
    const write = (v: tf.Variable, data: Float32Array, e: FlatEntry) => tf.tidy(() => v.assign(tf.tensor(data.slice(e.offset, e.offset + e.size), e.shape, 'float32')));
    trained.forEach((v, i) => write(v, this.buffers.params, this.trained[i]!));
    targets.forEach((v, i) => write(v, this.buffers.targets, this.targetEntries[i]!));
  }

  /**
   * Moves every target element whose source lies in [lo, hi) of the trained vector τ of the way to the source's
   * current value.
   */
  ema(tau: number, lo = 0, hi = this.size): void {
    const { params, targets } = this.buffers;
    const keep = 1 - tau;
    const native = nativeAddon();
    for (const run of this.emaRuns) {
      const a = Math.max(lo, run.sourceOffset);
      const b = Math.min(hi, run.sourceOffset + run.size);
      if (a >= b) continue;
      const t0 = run.targetOffset + (a - run.sourceOffset);
      if (native.ok) native.addon.ema(targets, params, t0, a, b - a, tau);
      else for (let s = a, t = t0; s < b; s++, t++) targets[t] = tau * params[s]! + keep * targets[t]!;
    }
  }

  /**
   * One Adam step on [lo, hi) with gradient g = Σ_k weights[k]·grads[k][i] (the shards' gradients reduced in a
   * fixed order, so the result does not depend on which thread runs it). `count` is the step number (1-based).
   * Returns Σ g² over each tensor of the range, keyed by tensor index, for gradient norms.
   */
  adam(grads: Float32Array[], weights: number[], hyper: AdamHyper, count: number, lo = 0, hi = this.size): Float64Array {
    let g = grads[0]!;
    if (grads.length > 1 || weights[0] !== 1) {
      g = this.scratch ??= new Float32Array(this.size);
      reduceInto(g, grads, weights, lo, hi);
    }
    const c1 = 1 - hyper.beta1 ** count;
    const c2 = 1 - hyper.beta2 ** count;
    const step = { stepSize: (hyper.lr * Math.sqrt(c2)) / c1, epsHat: hyper.eps * Math.sqrt(c2), b1: 1 - hyper.beta1, b2: 1 - hyper.beta2 };
    const squares = new Float64Array(this.trained.length);
    this.trained.forEach((entry, e) => {
      const a = Math.max(lo, entry.offset);
      const b = Math.min(hi, entry.offset + entry.size);
      if (a < b) squares[e] = adamRange(this.buffers, g, a, b, step);
    });
    return squares;
  }
}
