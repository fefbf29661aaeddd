import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpertPolicy } from '../src/experts/expert-policy.js';

const b64 = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');

function file(overrides: Record<string, unknown> = {}) {
  return {
    format: 'qflow-expert', version: 1, envId: 'online-ant-xy-v0', obsDim: 2, actDim: 1, activation: 'relu', output: 'tanh',
    // h = relu(x·W0 + b0), W0 = [[1, -1], [2, 0]] (row-major [in, out]); a = tanh(h·[0.5, 1]ᵀ − 0.25)
    layers: [
      { inputDim: 2, outputDim: 2, weights: b64([1, -1, 2, 0]), bias: b64([0, 0.5]) },
      { inputDim: 2, outputDim: 1, weights: b64([0.5, 1]), bias: b64([-0.25]) },
    ],
    ...overrides,
  };
}

test('expert forward: dense layers with the activation between them and tanh at the end (hand-checked)', () => {
  const expert = ExpertPolicy.fromJson(file());
  // x = (1, 1): pre = (1 + 2, −1 + 0.5) = (3, −0.5) → relu (3, 0) → 1.5 − 0.25 = 1.25
  assert.ok(Math.abs(expert.act([1, 1])[0]! - Math.fround(Math.tanh(1.25))) < 1e-7);
  const gelu = ExpertPolicy.fromJson(file({ activation: 'gelu' }));
  const g = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  assert.ok(Math.abs(gelu.act([1, 1])[0]! - Math.tanh(0.5 * g(3) + g(-0.5) - 0.25)) < 1e-6);
});

test('a malformed expert file or observation is refused with a message naming what is wrong', () => {
  assert.throws(() => ExpertPolicy.fromJson(file({ format: 'npz' })), /format must be 'qflow-expert' version 1/);
  assert.throws(() => ExpertPolicy.fromJson(file({ activation: 'swish' })), /unknown activation 'swish'; valid: gelu, relu/);
  assert.throws(() => ExpertPolicy.fromJson(file({ actDim: 3 })), /last layer has 1 outputs, actDim is 3/);
  const short = file();
  (short.layers as { weights: string }[])[0]!.weights = b64([1, 2, 3]);
  assert.throws(() => ExpertPolicy.fromJson(short), /layer 0 weights holds 12 bytes, expected 16/);
  assert.throws(() => ExpertPolicy.fromJson(file()).act([1, 2, 3]), /expects 2 observation values, got 3/);
});
