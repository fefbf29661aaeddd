// A small expert file with seeded random weights (format: docs/algorithm.md#expert-file-format), for tests that
// need an expert to run but not to be any good.
import { writeFileSync } from 'node:fs';
import { EnvRng } from '../../src/envs/env-rng.js';

const base64 = (values: Float32Array) => Buffer.from(values.buffer).toString('base64');

/** Writes an expert for `envId` mapping obsDim → 16 → actDim (relu) to `path`; returns the path. */
export function writeRandomExpert(path: string, envId: string, obsDim: number, actDim: number, seed = 1n): string {
  const rng = new EnvRng(seed);
  const layer = (inputDim: number, outputDim: number) => ({
    inputDim, outputDim,
    weights: base64(Float32Array.from({ length: inputDim * outputDim }, () => rng.uniform(-0.5, 0.5))),
    bias: base64(new Float32Array(outputDim)),
  });
  const expert = {
    format: 'qflow-expert', version: 1, envId, obsDim, actDim, activation: 'relu', output: 'tanh',
    layers: [layer(obsDim, 16), layer(16, actDim)], training: { note: 'random weights (test)' },
  };
  writeFileSync(path, JSON.stringify(expert));
  return path;
}
