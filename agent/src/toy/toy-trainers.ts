// The bandit trainers of the 2D study (docs/algorithm.md#toy-training). One set of networks (flow, inner value
// V(x,t), outer critic Q(a), FQL's one-step policy) with one Adam optimizer each, applied in sequence every update:
//   1. outer critic: Q(x1) regresses the reward;
//   2. inner value (Q-Flow): V(x_t, t) regresses Q_updated(roll-out of the current flow from x_t to 1);
//   3. policy: BC flow matching, or the method's policy loss after the warm-up.
// No target networks (USE_TARGET_NETWORK=False): every "target" is the current network.
// Every loss is a mean over all elements; its gradient w.r.t. the network output is written out below.
import * as tf from '@tensorflow/tfjs-core';
import { ToyAdam, type AdamSnapshot } from './toy-adam.js';
import { rolloutBackward, rolloutFrom, sampleFlow, tracedRollout } from './toy-flow.js';
import {
  ToyMlp, flowLayerSizes, globalNorm, innerValueLayerSizes, oneStepPolicyLayerSizes, outerCriticLayerSizes,
  withTime, xPart,
} from './toy-networks.js';
import type { ToyConfig } from './toy-config.js';

export interface ToyBatch { x1: tf.Tensor2D; rewards: tf.Tensor2D }
export interface ToyStepStats { loss: number; gradNorm: number }
interface NetSnapshot { weights: tf.Tensor[]; adam: AdamSnapshot }

export class ToyNets {
  readonly flow: ToyMlp;
  readonly inner: ToyMlp;
  readonly outer: ToyMlp;
  readonly oneStep: ToyMlp;
  private readonly opt: Map<ToyMlp, ToyAdam>;

  constructor(readonly config: ToyConfig, seed: number) {
    const sizes = { hidden: config.hidden, layers: config.layers };
    this.flow = new ToyMlp('flow', flowLayerSizes(sizes), seed * 4 + 1);
    this.inner = new ToyMlp('inner', innerValueLayerSizes(sizes), seed * 4 + 2);
    this.outer = new ToyMlp('outer', outerCriticLayerSizes(sizes), seed * 4 + 3);
    this.oneStep = new ToyMlp('onestep', oneStepPolicyLayerSizes(sizes), seed * 4 + 4);
    this.opt = new Map([this.flow, this.inner, this.outer, this.oneStep].map((n) => [n, new ToyAdam(n.variables, config.warmupLr)]));
  }

  /** Sets every optimizer's rate (the study switches from the warm-up rate to the guided one). */
  setLearningRate(lr: number): void {
    for (const adam of this.opt.values()) adam.lr = lr;
  }

  /** Runs `body` (which returns the loss and the parameter gradients) in a tidy scope, then one Adam step. */
  private update(net: ToyMlp, body: () => { loss: tf.Scalar; grads: tf.Tensor[] }): ToyStepStats {
    return tf.tidy(() => {
      const { loss, grads } = body();
      const result = { loss: loss.dataSync()[0]!, gradNorm: globalNorm(grads) };
      this.opt.get(net)!.apply(grads);
      return result;
    });
  }

  /** Fits `net(input)` to `target` by mean squared error. */
  private regress(net: ToyMlp, input: tf.Tensor2D, target: tf.Tensor2D): { loss: tf.Scalar; grads: tf.Tensor[] } {
    const { out, trace } = net.forward(input);
    const diff = tf.sub(out, target) as tf.Tensor2D;
    return { loss: tf.mean(tf.square(diff)) as tf.Scalar, grads: net.backward(trace, tf.mul(diff, 2 / diff.size) as tf.Tensor2D).params };
  }

  /** 1. Q(x1) → r. */
  outerStep(b: ToyBatch): ToyStepStats {
    return this.update(this.outer, () => this.regress(this.outer, b.x1, b.rewards));
  }

  /** 2. V(x_t, t) → Q(roll-out of the current flow from x_t to 1), clipped at every Euler step. */
  innerStep(b: ToyBatch, seed: number): ToyStepStats {
    return this.update(this.inner, () => {
      const { xt, t } = interpolation(b.x1, seed);
      const target = this.outer.apply(rolloutFrom(this.flow, xt, t, this.config.flowSteps));
      return this.regress(this.inner, withTime(xt, t), target);
    });
  }

  /** 3. Flow matching toward (x1 − x0), plus (1/(λ + 1e−8))·∇_x V(x_t, t) when λ is given (Q-Flow); null is BC. */
  flowStep(b: ToyBatch, seed: number, lambda: number | null): ToyStepStats {
    return this.update(this.flow, () => {
      const { x0, xt, t } = interpolation(b.x1, seed);
      let target = tf.sub(b.x1, x0) as tf.Tensor2D;
      if (lambda !== null) target = tf.add(target, tf.mul(this.valueGradient(xt, t), 1 / (lambda + 1e-8)));
      return this.regress(this.flow, withTime(xt, t), target);
    });
  }

  /** ∇_x Σ_b V(x_b, t_b): the per-sample gradient of the inner value at (x, t). */
  valueGradient(x: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const { out, trace } = this.inner.forward(withTime(x, t));
      return xPart(this.inner.backward(trace, tf.onesLike(out), false).dx);
    });
  }

  /** ∇_a Q(a) per sample. */
  criticGradient(a: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const { out, trace } = this.outer.forward(a);
      return this.outer.backward(trace, tf.onesLike(out), false).dx;
    });
  }

  /** FQL one-step policy: α·mean(π(z) − flow(z))² − mean Q(π(z)); α = null (warm-up) drops the Q term. */
  oneStepStep(n: number, seed: number, alpha: number | null): ToyStepStats {
    return this.update(this.oneStep, () => {
      const z = tf.randomNormal([n, 2], 0, 1, 'float32', seed) as tf.Tensor2D;
      const target = sampleFlow(this.flow, z, this.config.flowSteps);
      const { out, trace } = this.oneStep.forward(z);
      const diff = tf.sub(out, target);
      const distill = tf.mean(tf.square(diff));
      const w = alpha ?? 1;
      let dOut = tf.mul(diff, (2 * w) / diff.size) as tf.Tensor2D;
      let loss = tf.mul(distill, w);
      if (alpha !== null) {
        dOut = tf.sub(dOut, tf.mul(this.criticGradient(out), 1 / n)) as tf.Tensor2D;
        loss = tf.sub(loss, tf.mean(this.outer.apply(out)));
      }
      return { loss: loss as tf.Scalar, grads: this.oneStep.backward(trace, dOut).params };
    });
  }

  /** FBRAC/BPTT: α·BC − mean Q(flow roll-out from z), the gradient flowing back through every Euler step. */
  bpttStep(b: ToyBatch, seed: number, alpha: number): ToyStepStats {
    return this.update(this.flow, () => {
      const n = b.x1.shape[0];
      const { x0, xt, t } = interpolation(b.x1, seed);
      const bc = this.regress(this.flow, withTime(xt, t), tf.sub(b.x1, x0) as tf.Tensor2D);
      const z = tf.randomNormal([n, 2], 0, 1, 'float32', seed + 2) as tf.Tensor2D;
      const roll = tracedRollout(this.flow, z, this.config.flowSteps);
      const q = tf.mean(this.outer.apply(roll.final));
      const qGrads = rolloutBackward(this.flow, roll, tf.mul(this.criticGradient(roll.final), -1 / n) as tf.Tensor2D);
      return {
        loss: tf.sub(tf.mul(bc.loss, alpha), q) as tf.Scalar,
        grads: bc.grads.map((g, i) => tf.add(tf.mul(g, alpha), qGrads[i]!)),
      };
    });
  }

  snapshot(): NetSnapshot[] {
    return [...this.opt].map(([net, adam]) => ({ weights: net.snapshot(), adam: adam.snapshot() }));
  }

  restore(s: NetSnapshot[]): void {
    [...this.opt].forEach(([net, adam], i) => {
      net.restore(s[i]!.weights);
      adam.restore(s[i]!.adam);
    });
  }

  dispose(): void {
    for (const [net, adam] of this.opt) { net.dispose(); adam.dispose(); }
  }
}

export function disposeSnapshot(s: NetSnapshot[]): void {
  for (const n of s) tf.dispose([...n.weights, ...n.adam.m, ...n.adam.v]);
}

/** x0 ~ N(0, I), t ~ U(0, 1), x_t = (1 − t)·x0 + t·x1. */
function interpolation(x1: tf.Tensor2D, seed: number): { x0: tf.Tensor2D; xt: tf.Tensor2D; t: tf.Tensor2D } {
  const n = x1.shape[0];
  const x0 = tf.randomNormal([n, 2], 0, 1, 'float32', seed) as tf.Tensor2D;
  const t = tf.randomUniform([n, 1], 0, 1, 'float32', seed + 1) as tf.Tensor2D;
  return { x0, t, xt: tf.add(tf.mul(tf.sub(1, t), x0), tf.mul(t, x1)) as tf.Tensor2D };
}
