// Loss functions on hand-checkable inputs: linear networks (no hidden layers) with weights set by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/index.js';
import { Mlp, MlpEnsemble, ParamStore, fourierTimeEmbedding } from '../src/nn/index.js';
import { innerValueLoss, innerValueTarget, outerCriticLoss, qflowTargets, tdTarget } from '../src/algorithms/critic-losses.js';
import { eulerSample, rolloutFromTime, rolloutToTime } from '../src/algorithms/flow-sampling.js';
import { bpttActorLoss, flowMatchingLoss, fqlActorLoss, guidanceGradient } from '../src/algorithms/actor-losses.js';

await selectBackend('cpu', () => {});

function near(actual: number, expected: number, tol = 1e-5, what = 'value'): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}
function nearAll(actual: ArrayLike<number>, expected: number[], tol = 1e-5, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  expected.forEach((e, i) => near(actual[i]!, e, tol, `${what}[${i}]`));
}
const col = (values: number[]) => tf.tensor2d(values, [values.length, 1]);

/** A linear net y = x·W + b with hand-set weights (W given as rows of input features). */
function linear(store: ParamStore, name: string, w: number[][], b: number[]): Mlp {
  const net = new Mlp(store, name, { inputDim: w.length, hiddenDims: [], outputDim: b.length }, 0);
  store.get(`${name}/l0/w`).assign(tf.tensor2d(w));
  store.get(`${name}/l0/b`).assign(tf.tensor1d(b));
  return net;
}
function linearEnsemble(store: ParamStore, name: string, members: { w: number[]; b: number }[]): MlpEnsemble {
  const ens = new MlpEnsemble(store, name, members.length, { inputDim: members[0]!.w.length, hiddenDims: [], outputDim: 1 }, 0);
  members.forEach((m, e) => {
    store.get(`${name}/e${e}/l0/w`).assign(tf.tensor2d(m.w.map((v) => [v])));
    store.get(`${name}/e${e}/l0/b`).assign(tf.tensor1d([m.b]));
  });
  return ens;
}

test('outer critic loss: every member regresses to the shared target, mean over (e, b)', () => {
  const store = new ParamStore();
  const critic = linearEnsemble(store, 'q', [{ w: [1, 2], b: 0 }, { w: [0, -1], b: 1 }]);
  // Q^0 = s + 2a = [2, 0]; Q^1 = −a + 1 = [0.5, 2]; y = [1, −1]
  const { loss, q } = outerCriticLoss(critic, col([1, 2]), col([0.5, -1]), tf.tensor1d([1, -1]));
  assert.deepEqual(q.shape, [2, 2]);
  nearAll(q.dataSync(), [2, 0, 0.5, 2]);
  near(loss.dataSync()[0]!, (1 + 1 + 0.25 + 9) / 4);
  store.dispose();
});

test('TD target: rewardScale·r + γ·m·Agg_e Q̄(s′, a′), mean or min', () => {
  const store = new ParamStore();
  const target = linearEnsemble(store, 'tq', [{ w: [1, 2], b: 0 }, { w: [0, -1], b: 1 }]);
  // at s′ = [0, 1], a′ = [1, 1]: Q^0 = [2, 3], Q^1 = [0, 0] → mean [1, 1.5], min [0, 0]
  const args = [target, col([0, 1]), col([1, 1]), tf.tensor1d([-1, 0]), tf.tensor1d([1, 0])] as const;
  nearAll(tdTarget(...args, { discount: 0.9, rewardScale: 1, qAgg: 'mean' }).dataSync(), [-0.1, 0]);
  nearAll(tdTarget(...args, { discount: 0.9, rewardScale: 1, qAgg: 'min' }).dataSync(), [-1, 0]);
  nearAll(tdTarget(...args, { discount: 0.9, rewardScale: 2, qAgg: 'mean' }).dataSync(), [-1.1, 0]);
  store.dispose();
});

test('inner roll-out from x_τ: steps of 1/T, then a partial step landing on 1, then zero steps (τ = 0.35, T = 10)', () => {
  const store = new ParamStore();
  // actor input [s, x, u]; v = u makes the end point x_τ + Σ h_k·u_k, which exposes the time grid and step sizes
  const vEqualsTime = linear(store, 'a1', [[0], [0], [1]], [0]);
  const vEqualsOne = linear(store, 'a2', [[0], [0], [0]], [1]);
  const obs = col([0, 0]);
  const xTau = col([0.2, -0.3]);
  const tau = col([0.35, 0.9]);
  // τ=0.35: u = 0.35, 0.45, …, 0.85 with h = 0.1, then h = 0.05 at u = 0.95, then h = 0: Σ h·u = 0.36 + 0.0475
  // τ=0.9: one step h = 0.1 at u = 0.9, then zeros: Σ h·u = 0.09
  nearAll(rolloutFromTime(vEqualsTime, obs, xTau, tau, 10).dataSync(), [0.2 + 0.4075, -0.3 + 0.09], 1e-5, 'v = u');
  // v = 1 integrates to exactly 1 − τ: the roll-out stops at time 1
  nearAll(rolloutFromTime(vEqualsOne, obs, xTau, tau, 10).dataSync(), [0.2 + 0.65, -0.3 + 0.1], 1e-5, 'v = 1');
  store.dispose();
});

test('inner value target: target critic at clip(x̂_1), with the ensemble aggregated by q_agg', () => {
  const store = new ParamStore();
  const fast = linear(store, 'a', [[0], [0], [0]], [5]); // x̂_1 = x_τ + 5(1 − τ), beyond 1 → clipped
  const slow = linear(store, 'b', [[0], [0], [0]], [0.5]);
  const target = linearEnsemble(store, 'tq', [{ w: [0, 2], b: 0 }, { w: [1, -1], b: 0 }]);
  const obs = col([1]);
  const g = innerValueTarget(fast, target, obs, col([0]), col([0.5]), { flowSteps: 4, qAgg: 'mean' });
  near(g.dataSync()[0]!, (2 * 1 + (1 - 1)) / 2, 1e-6, 'clipped at 1');
  // slow: x̂_1 = 0 + 0.5·0.5 = 0.25 → Q^0 = 0.5, Q^1 = 0.75
  near(innerValueTarget(slow, target, obs, col([0]), col([0.5]), { flowSteps: 4, qAgg: 'mean' }).dataSync()[0]!, 0.625);
  near(innerValueTarget(slow, target, obs, col([0]), col([0.5]), { flowSteps: 4, qAgg: 'min' }).dataSync()[0]!, 0.5);
  store.dispose();
});

test('inner value loss aggregates the ensemble before the loss (authors) or per member (option)', () => {
  const store = new ParamStore();
  // input [s, x, τ]: V^0 = x, V^1 = 3x + τ; at x = 1, τ = 0.5: V = [1, 3.5]; target g = 1
  const inner = linearEnsemble(store, 'v', [{ w: [0, 1, 0], b: 0 }, { w: [0, 3, 1], b: 0 }]);
  const run = (qAgg: 'mean' | 'min', perMember: boolean) =>
    innerValueLoss(inner, col([0]), col([1]), col([0.5]), tf.tensor1d([1]), { qAgg, perMember }).loss.dataSync()[0]!;
  near(run('mean', false), 1.25 ** 2);
  near(run('min', false), 0);
  near(run('mean', true), (0 + 2.5 ** 2) / 2);
  store.dispose();
});

test('actor loss: mean over batch and action dims of (v − (u_t + G/(λ + 1e−8)))²; G = 0 gives flow BC', () => {
  const store = new ParamStore();
  // obsDim 0, A = 2: input [x0, x1, t]; v = (x0 + t, x1)
  const actor = linear(store, 'pi', [[1, 0], [0, 1], [1, 0]], [0, 0]);
  const obs = tf.zeros([1, 0]) as tf.Tensor2D;
  const xt = tf.tensor2d([[1, 2]]);
  const t = tf.tensor2d([[0.5]]);
  const ut = tf.tensor2d([[0, 1]]);
  const guided = flowMatchingLoss(actor, obs, xt, t, ut, { grad: tf.tensor2d([[2, -2]]), lambda: 1 });
  near(guided.dataSync()[0]!, ((1.5 - 2) ** 2 + (2 + 1) ** 2) / 2, 1e-5);
  const weak = flowMatchingLoss(actor, obs, xt, t, ut, { grad: tf.tensor2d([[2, -2]]), lambda: 4 });
  near(weak.dataSync()[0]!, ((1.5 - 0.5) ** 2 + (2 - 0.5) ** 2) / 2, 1e-5);
  near(flowMatchingLoss(actor, obs, xt, t, ut).dataSync()[0]!, (1.5 ** 2 + 1 ** 2) / 2);
  store.dispose();
});

test('guidance equals the finite-difference gradient of Σ_b mean_e V^e(s_b, x_b, f(t_b))', () => {
  const store = new ParamStore();
  const S = 2, A = 3, D = 4, B = 3;
  const inner = new MlpEnsemble(store, 'v', 2, { inputDim: S + A + D, hiddenDims: [16, 16], outputDim: 1, layerNorm: true }, 11);
  const obs = tf.randomNormal([B, S], 0, 1, 'float32', 1) as tf.Tensor2D;
  const xt = tf.randomNormal([B, A], 0, 1, 'float32', 2) as tf.Tensor2D;
  const feats = fourierTimeEmbedding(tf.tensor2d([0.1, 0.5, 0.8], [B, 1]), D);
  const G = guidanceGradient(inner, obs, xt, feats).arraySync();
  const valueSum = (x: Float32Array) => tf.tidy(() => {
    const v = inner.apply(tf.concat([obs, tf.tensor2d(x, [B, A]), feats], 1) as tf.Tensor2D);
    return tf.sum(tf.mean(v, 0)).dataSync()[0]!;
  });
  const base = xt.dataSync();
  const eps = 1e-2;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < A; j++) {
      const plus = Float32Array.from(base); plus[b * A + j]! += eps;
      const minus = Float32Array.from(base); minus[b * A + j]! -= eps;
      const numeric = (valueSum(plus) - valueSum(minus)) / (2 * eps);
      near(G[b]![j]!, numeric, 2e-3 + 2e-2 * Math.abs(numeric), `G[${b}][${j}]`);
    }
  }
  store.dispose();
});

test('policy sampling integrates on the grid i/T from noise and clips only at the end', () => {
  const store = new ParamStore();
  const vEqualsTime = linear(store, 'a', [[0], [0], [1]], [0]);
  // x = z + Σ_i (i/T)/T = z + 0.45 for T = 10
  nearAll(eulerSample(vEqualsTime, col([0, 0, 0]), col([0.1, -2, 0.9]), 10).dataSync(), [0.55, -1, 1], 1e-5);
  store.dispose();
});

test('BPTT roll-out starts from noise z and stops at the sampled t, with gradients through θ', () => {
  const store = new ParamStore();
  const actor = linear(store, 'a', [[0], [0], [1]], [0]); // v = t_i
  const z = col([0.5, 0]);
  const t = col([0.35, 1]);
  // t = 0.35: dt = 0.1, 0.1, 0.1, 0.05 at t_i = 0, 0.1, 0.2, 0.3 → Σ dt·t_i = 0.045; t = 1: Σ 0.1·i/10 = 0.45
  nearAll(rolloutToTime(actor, col([0, 0]), z, t, 10).dataSync(), [0.545, 0.45], 1e-5);
  const bias = store.get('a/l0/b');
  const { grads } = tf.variableGrads(() => tf.sum(rolloutToTime(actor, col([0, 0]), z, t, 10)) as tf.Scalar, [bias]);
  near(grads[bias.name]!.dataSync()[0]!, 0.35 + 1, 1e-5, 'd/db Σ x = Σ t');
  store.dispose();
});

test('FQL actor loss = flow BC + α·distill − mean_b mean_e Q(s, clip(π(s, z)))', () => {
  const store = new ParamStore();
  const actor = linear(store, 'pi', [[0], [0]], [0]); // obsDim 0, A = 1: v = 0 → bc = mean(u_t²)
  const onestep = linear(store, 'one', [[2]], [0]); // π(z) = 2z
  const critic = linearEnsemble(store, 'q', [{ w: [1], b: 0 }, { w: [3], b: 0 }]);
  const obs = tf.zeros([2, 0]) as tf.Tensor2D;
  const batch = { obs, xt: col([0, 0]), t: col([0.5, 0.5]), ut: col([1, -1]), z: col([0.25, 1]), flowTarget: col([0, 1]) };
  // π = [0.5, 2] → distill = (0.25 + 1)/2; Q at clip(π) = [0.5, 1]: mean_e = [1, 2] → q_loss = −1.5
  const out = fqlActorLoss(actor, onestep, critic, batch, { alpha: 10, normalizeQLoss: false });
  near(out.bc.dataSync()[0]!, 1);
  near(out.distill.dataSync()[0]!, 0.625);
  near(out.qLoss.dataSync()[0]!, -1.5);
  near(out.loss.dataSync()[0]!, 1 + 6.25 - 1.5);
  const normalized = fqlActorLoss(actor, onestep, critic, batch, { alpha: 10, normalizeQLoss: true });
  near(normalized.qLoss.dataSync()[0]!, -1, 1e-5, 'q loss / mean|q|');
  store.dispose();
});

test('the joint roll-out gives the same TD and inner-value targets as the separate computations', () => {
  const store = new ParamStore();
  const S = 3, A = 2, B = 5, T = 10;
  const actor = new Mlp(store, 'pi', { inputDim: S + A + 1, hiddenDims: [16, 16], outputDim: A }, 1);
  const target = new MlpEnsemble(store, 'tq', 2, { inputDim: S + A, hiddenDims: [16], outputDim: 1, layerNorm: true }, 2);
  const draw = (shape: [number, number], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed) as tf.Tensor2D;
  const batch = {
    obs: draw([B, S], 3), nextObs: draw([B, S], 4), rewards: tf.tensor1d([-1, 0, -1, 0, -1]), masks: tf.tensor1d([1, 1, 0, 1, 1]),
    nextNoise: draw([B, A], 5), xTau: draw([B, A], 6), tau: tf.tensor2d([0.35, 0, 0.91, 0.5, 0.999], [B, 1]),
  };
  for (const qAgg of ['mean', 'min'] as const) {
    const opts = { discount: 0.99, rewardScale: 1, qAgg, flowSteps: T };
    const { y, g } = qflowTargets(actor, target, batch, opts);
    const ySeparate = tdTarget(target, batch.nextObs, eulerSample(actor, batch.nextObs, batch.nextNoise, T), batch.rewards, batch.masks, opts);
    const gSeparate = innerValueTarget(actor, target, batch.obs, batch.xTau, batch.tau, opts);
    nearAll(y.dataSync(), Array.from(ySeparate.dataSync()), 1e-5, `y (${qAgg})`);
    nearAll(g.dataSync(), Array.from(gSeparate.dataSync()), 1e-5, `g (${qAgg})`);
  }
  store.dispose();
});

test('BPTT actor loss = λ·bc − mean_b mean_e V(s, clip(x̃), f(t)), x̃ rolled out from z to t', () => {
  const store = new ParamStore();
  const actor = linear(store, 'pi', [[0], [0]], [1]); // obsDim 0, A = 1, v = 1: x̃ = z + t, pred = 1
  // inner input [x, f(t)] with raw t: V^0 = x, V^1 = 3x + t
  const inner = linearEnsemble(store, 'v', [{ w: [1, 0], b: 0 }, { w: [3, 1], b: 0 }]);
  const t = col([0.5, 0.3]);
  const batch = { obs: tf.zeros([2, 0]) as tf.Tensor2D, xt: col([0, 0]), t, ut: col([1, 3]), z: col([0.25, 0.9]), tFeatures: t };
  // x̃ = [0.75, 1.2] → clip [0.75, 1]; V = [[0.75, 1], [2.75, 3.3]] → mean_e [1.75, 2.15] → q_loss = −1.95
  // bc = mean((1 − u_t)²) = (0 + 4)/2 = 2
  const out = bpttActorLoss(actor, inner, batch, { lambda: 0.5, flowSteps: 10, normalizeQLoss: false });
  near(out.bc.dataSync()[0]!, 2);
  near(out.qLoss.dataSync()[0]!, -1.95);
  near(out.loss.dataSync()[0]!, 0.5 * 2 - 1.95);
  const normalized = bpttActorLoss(actor, inner, batch, { lambda: 0.5, flowSteps: 10, normalizeQLoss: true });
  near(normalized.qLoss.dataSync()[0]!, -1, 1e-5, 'q loss / mean|q|');
  store.dispose();
});
