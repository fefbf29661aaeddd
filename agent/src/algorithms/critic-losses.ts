// Losses of the outer critic Q_φ (docs/algorithm.md#critic-loss) and of the intermediate value V_ω
// (docs/algorithm.md#inner-value-loss).
import * as tf from '@tensorflow/tfjs-core';
import { concatColumns } from '../nn/mlp.js';
import type { MlpEnsemble } from '../nn/mlp-ensemble.js';
import type { QAgg } from './agent-config.js';
import { jointRollout, rolloutFromTime } from './flow-sampling.js';
import type { Mlp } from '../nn/mlp.js';

/** [E, B] → [B] by mean or min over the ensemble axis. */
export function aggregate(values: tf.Tensor2D, agg: QAgg): tf.Tensor1D {
  return (agg === 'min' ? tf.min(values, 0) : tf.mean(values, 0)) as tf.Tensor1D;
}

export function criticValues(critic: MlpEnsemble, obs: tf.Tensor2D, actions: tf.Tensor2D, weightGrads = true): tf.Tensor2D {
  // Either the weights are trained on data inputs, or the values are differentiated with respect to the input.
  return critic.apply(concatColumns([obs, actions]), { weightGrads, inputGrad: !weightGrads });
}

/** y = rewardScale·r + γ·m·Agg_e Q̄(s', a') (no gradient). */
export function tdTarget(
  targetCritic: MlpEnsemble,
  nextObs: tf.Tensor2D,
  nextActions: tf.Tensor2D,
  rewards: tf.Tensor1D,
  masks: tf.Tensor1D,
  opts: { discount: number; rewardScale: number; qAgg: QAgg },
): tf.Tensor1D {
  const nextQ = aggregate(criticValues(targetCritic, nextObs, nextActions), opts.qAgg);
  return tf.add(tf.mul(rewards, opts.rewardScale), tf.mul(tf.mul(masks, opts.discount), nextQ));
}

/** L_Q = mean over (e, b) of (Q^e(s_b, a_b) − y_b)²: every member regresses to the shared target. */
export function outerCriticLoss(critic: MlpEnsemble, obs: tf.Tensor2D, actions: tf.Tensor2D, y: tf.Tensor1D): { loss: tf.Scalar; q: tf.Tensor2D } {
  const q = criticValues(critic, obs, actions);
  return { loss: tf.mean(tf.square(tf.sub(q, y))) as tf.Scalar, q };
}

/** g = Agg_e Q̄(s, clip(Ψ(x_τ, τ → 1), −1, 1)): the target of the inner value (no gradient). */
export function innerValueTarget(
  actor: Mlp,
  targetCritic: MlpEnsemble,
  obs: tf.Tensor2D,
  xTau: tf.Tensor2D,
  tau: tf.Tensor2D,
  opts: { flowSteps: number; qAgg: QAgg },
): tf.Tensor1D {
  const x1 = tf.clipByValue(rolloutFromTime(actor, obs, xTau, tau, opts.flowSteps), -1, 1);
  return aggregate(criticValues(targetCritic, obs, x1), opts.qAgg);
}

export function innerValues(inner: MlpEnsemble, obs: tf.Tensor2D, x: tf.Tensor2D, timeFeatures: tf.Tensor2D, weightGrads = true): tf.Tensor2D {
  return inner.apply(concatColumns([obs, x, timeFeatures]), { weightGrads, inputGrad: !weightGrads });
}

/**
 * L_V = mean_b (Agg_e V^e(s, x_τ, f(τ)) − g_b)² (the authors aggregate before the loss, docs/algorithm.md#aggregated-inner-value), or with
 * `perMember`, mean over (e, b) of (V^e − g)².
 */
export function innerValueLoss(
  inner: MlpEnsemble,
  obs: tf.Tensor2D,
  xTau: tf.Tensor2D,
  tauFeatures: tf.Tensor2D,
  g: tf.Tensor1D,
  opts: { qAgg: QAgg; perMember: boolean },
): { loss: tf.Scalar; v: tf.Tensor2D } {
  const v = innerValues(inner, obs, xTau, tauFeatures);
  const pred = opts.perMember ? v : aggregate(v, opts.qAgg);
  return { loss: tf.mean(tf.square(tf.sub(pred, g))) as tf.Scalar, v };
}

/**
 * Both regression targets of Q-Flow from one actor roll-out batch and one target-critic pass (no gradient):
 * y = rewardScale·r + γ·m·Agg_e Q̄(s′, a′) with a′ sampled from noise z, and g = Agg_e Q̄(s, clip(Ψ(x_τ, τ → 1))).
 * Equal to `tdTarget` after `eulerSample` and to `innerValueTarget`, computed with half the kernel calls.
 */
export function qflowTargets(
  actor: Mlp,
  targetCritic: MlpEnsemble,
  batch: { obs: tf.Tensor2D; nextObs: tf.Tensor2D; rewards: tf.Tensor1D; masks: tf.Tensor1D; nextNoise: tf.Tensor2D; xTau: tf.Tensor2D; tau: tf.Tensor2D },
  opts: { discount: number; rewardScale: number; qAgg: QAgg; flowSteps: number },
): { y: tf.Tensor1D; g: tf.Tensor1D } {
  const rows = batch.obs.shape[0];
  const nextRows = batch.nextObs.shape[0];
  const { tdActions, innerEnd } = jointRollout(actor, { obs: batch.nextObs, noise: batch.nextNoise },
    { obs: batch.obs, xTau: batch.xTau, tau: batch.tau }, opts.flowSteps);
  const states = tf.concat([batch.nextObs, batch.obs], 0) as tf.Tensor2D;
  const actions = tf.concat([tdActions, tf.clipByValue(innerEnd, -1, 1)], 0) as tf.Tensor2D;
  const values = aggregate(criticValues(targetCritic, states, actions), opts.qAgg);
  const nextQ = tf.slice(values, [0], [nextRows]);
  const y = tf.add(tf.mul(batch.rewards, opts.rewardScale), tf.mul(tf.mul(batch.masks, opts.discount), nextQ));
  return { y: y as tf.Tensor1D, g: tf.slice(values, [nextRows], [rows]) };
}
