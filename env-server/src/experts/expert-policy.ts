// A locomotion expert exported by `qflow experts` (format: docs/algorithm.md#expert-file-format): a dense MLP
// whose output, squashed by tanh, is the expert's mean action. Plain TypeScript (no tensor library), so data
// generation can run an expert without the agent package. Arithmetic in float64; the result is rounded to float32.
import { readFileSync } from 'node:fs';

export const EXPERT_FORMAT = 'qflow-expert';
export const EXPERT_VERSION = 1;
const ACTIVATIONS = ['gelu', 'relu'] as const;
type Activation = (typeof ACTIVATIONS)[number];

interface Layer {
  inputDim: number;
  outputDim: number;
  /** Row-major [inputDim, outputDim]. */
  weights: Float32Array;
  bias: Float32Array;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function activate(kind: Activation, x: number): number {
  if (kind === 'relu') return x > 0 ? x : 0;
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
}

function floats(base64: unknown, count: number, what: string): Float32Array {
  if (typeof base64 !== 'string') throw new Error(`expert file: ${what} must be a base64 string`);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength !== count * 4) throw new Error(`expert file: ${what} holds ${bytes.byteLength} bytes, expected ${count * 4} (${count} float32)`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

export class ExpertPolicy {
  private constructor(readonly envId: string, readonly obsDim: number, readonly actDim: number, readonly activation: Activation, private readonly layers: Layer[]) {}

  /** Validates a parsed expert file (shapes chain from obsDim to actDim, byte counts match). */
  static fromJson(raw: any): ExpertPolicy {
    if (raw?.format !== EXPERT_FORMAT || raw.version !== EXPERT_VERSION) {
      throw new Error(`expert file: format must be '${EXPERT_FORMAT}' version ${EXPERT_VERSION}, got '${raw?.format}' version ${raw?.version}`);
    }
    if (!(ACTIVATIONS as readonly string[]).includes(raw.activation)) {
      throw new Error(`expert file: unknown activation '${raw.activation}'; valid: ${ACTIVATIONS.join(', ')}`);
    }
    if (!Array.isArray(raw.layers) || raw.layers.length < 1) throw new Error('expert file: layers must be a non-empty list');
    let width: number = raw.obsDim;
    const layers = raw.layers.map((l: any, i: number): Layer => {
      if (l?.inputDim !== width || !Number.isInteger(l.outputDim) || l.outputDim < 1) {
        throw new Error(`expert file: layer ${i} is [${l?.inputDim}, ${l?.outputDim}], expected input width ${width}`);
      }
      width = l.outputDim;
      return { inputDim: l.inputDim, outputDim: l.outputDim, weights: floats(l.weights, l.inputDim * l.outputDim, `layer ${i} weights`), bias: floats(l.bias, l.outputDim, `layer ${i} bias`) };
    });
    if (width !== raw.actDim) throw new Error(`expert file: the last layer has ${width} outputs, actDim is ${raw.actDim}`);
    return new ExpertPolicy(String(raw.envId), raw.obsDim, raw.actDim, raw.activation, layers);
  }

  static load(path: string): ExpertPolicy {
    return ExpertPolicy.fromJson(JSON.parse(readFileSync(path, 'utf8')));
  }

  /** The mean action tanh(f(obs)) for one observation of obsDim values. */
  act(obs: ArrayLike<number>): Float32Array {
    if (obs.length !== this.obsDim) throw new Error(`expert for ${this.envId} expects ${this.obsDim} observation values, got ${obs.length}`);
    let h = Float64Array.from(obs);
    this.layers.forEach((layer, k) => {
      const out = Float64Array.from(layer.bias);
      for (let i = 0; i < layer.inputDim; i++) {
        const x = h[i]!;
        if (x === 0) continue;
        const row = i * layer.outputDim;
        for (let j = 0; j < layer.outputDim; j++) out[j] += x * layer.weights[row + j]!;
      }
      if (k + 1 < this.layers.length) for (let j = 0; j < out.length; j++) out[j] = activate(this.activation, out[j]!);
      h = out;
    });
    return Float32Array.from(h, Math.tanh);
  }
}
