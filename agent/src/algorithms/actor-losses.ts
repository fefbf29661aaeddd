// Actor losses: Q-Flow's value-guided flow matching (docs/algorithm.md#actor-loss; flow BC when the guidance is zero),
// the BPTT ablation (docs/algorithm.md#bptt-loss) and FQL's one-step policy (docs/algorithm.md#fql).
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '../nn/mlp.js';
import type { MlpEnsemble } from '../nn/mlp-ensemble.js';
import { concatColumns } from '../nn/mlp.js';
import { criticValues, innerValues } from './critic-losses.js';
import { rolloutToTime, velocity } from './flow-sampling.js';

/** G = ∇_x Σ_b mean_e V^e(s_b, x_b, f(t_b)) at x = x_t (stored ω; the result carries no gradient). */
export function guidanceGradient(inner: MlpEnsemble, obs: tf.Tensor2D, xt: tf.Tensor2D, tFeatures: tf.Tensor2D): tf.Tensor2D {
  const valueSum = (x: tf.Tensor) => tf.sum(tf.mean(innerValues(inner, obs, x as tf.Tensor2D, tFeatures, false), 0));
  return tf.grad(valueSum)(xt) as tf.Tensor2D;
}

/**
 * L_π = mean_{b,j} (v_θ(s, x_t, t) − (u_t + G/(λ + 1e−8)))²; with G omitted this is flow-matching BC. With guidance,
 * `onBcLoss` is handed the unguided mean_{b,j} (v_θ − u_t)² of the same prediction (a metric; it takes no part in the loss).
 */
export function flowMatchingLoss(
  actor: Mlp,
  obs: tf.Tensor2D,
  xt: tf.Tensor2D,
  t: tf.Tensor2D,
  ut: tf.Tensor2D,
  guidance?: { grad: tf.Tensor2D; lambda: number },
  onBcLoss?: (bc: tf.Scalar) => void,
): tf.Scalar {
  const pred = velocity(actor, obs, xt, t, { inputGrad: false });
  if (guidance && onBcLoss) onBcLoss(tf.mean(tf.square(tf.sub(pred, ut))) as tf.Scalar);
  const target = guidance ? tf.add(ut, tf.mul(guidance.grad, 1 / (guidance.lambda + 1e-8))) : ut;
  return tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar;
}

/**
 * stop_grad(1/(mean|q| + 1e−8)): computed on the device (no synchronous read-back, which GPU backends lack);
 * tfjs has no stop-gradient op, so a custom gradient passes zero back to q.
 */
const inverseMeanAbs = tf.customGrad((...args) => {
  const q = args[0] as tf.Tensor;
  return { value: tf.div(1, tf.add(tf.mean(tf.abs(q)), 1e-8)) as tf.Scalar, gradFunc: () => tf.zerosLike(q) };
});

/** Multiplies a Q loss by stop_grad(1/(mean|q| + 1e−8)) when asked. */
function maybeNormalize(qLoss: tf.Scalar, q: tf.Tensor, normalize: boolean): tf.Scalar {
  if (!normalize) return qLoss;
  return tf.mul(qLoss, inverseMeanAbs(q)) as tf.Scalar;
}

/**
 * BPTT ablation: L = λ·bc + q_loss, q_loss = −mean_b mean_e V_ω(s, clip(x̃), f(t)), x̃ the roll-out from noise z
 * up to the sampled t, differentiated through every Euler step (stored ω).
 */
export function bpttActorLoss(
  actor: Mlp,
  inner: MlpEnsemble,
  batch: { obs: tf.Tensor2D; xt: tf.Tensor2D; t: tf.Tensor2D; ut: tf.Tensor2D; z: tf.Tensor2D; tFeatures: tf.Tensor2D },
  opts: { lambda: number; flowSteps: number; normalizeQLoss: boolean },
): { loss: tf.Scalar; bc: tf.Scalar; qLoss: tf.Scalar } {
  const bc = flowMatchingLoss(actor, batch.obs, batch.xt, batch.t, batch.ut);
  const x = tf.clipByValue(rolloutToTime(actor, batch.obs, batch.z, batch.t, opts.flowSteps), -1, 1);
  const q = tf.mean(innerValues(inner, batch.obs, x as tf.Tensor2D, batch.tFeatures, false), 0);
  const qLoss = maybeNormalize(tf.neg(tf.mean(q)) as tf.Scalar, q, opts.normalizeQLoss);
  return { loss: tf.add(tf.mul(bc, opts.lambda), qLoss) as tf.Scalar, bc, qLoss };
}

export function oneStepActions(onestep: Mlp, obs: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D {
  return onestep.apply(concatColumns([obs, z]));
}

/**
 * FQL actor: bc_flow + α·mean((π(s, z) − flow(s, z))²) − mean_b mean_e Q(s, clip(π(s, z))) (stored φ).
 * `flowTarget` is the multi-step flow's action for the same z, computed without gradient.
 */
export function fqlActorLoss(
  actor: Mlp,
  onestep: Mlp,
  critic: MlpEnsemble,
  batch: { obs: tf.Tensor2D; xt: tf.Tensor2D; t: tf.Tensor2D; ut: tf.Tensor2D; z: tf.Tensor2D; flowTarget: tf.Tensor2D },
  opts: { alpha: number; normalizeQLoss: boolean },
): { loss: tf.Scalar; bc: tf.Scalar; distill: tf.Scalar; qLoss: tf.Scalar } {
  const bc = flowMatchingLoss(actor, batch.obs, batch.xt, batch.t, batch.ut);
  const pi = oneStepActions(onestep, batch.obs, batch.z);
  const distill = tf.mean(tf.square(tf.sub(pi, batch.flowTarget))) as tf.Scalar;
  const q = tf.mean(criticValues(critic, batch.obs, tf.clipByValue(pi, -1, 1), false), 0);
  const qLoss = maybeNormalize(tf.neg(tf.mean(q)) as tf.Scalar, q, opts.normalizeQLoss);
  const loss = tf.add(tf.add(bc, tf.mul(distill, opts.alpha)), qLoss) as tf.Scalar;
  return { loss, bc, distill, qLoss };
}
