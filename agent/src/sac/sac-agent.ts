// Soft Actor-Critic (docs/algorithm.md#sac-experts): a tanh-squashed Gaussian actor with state-dependent std,
// twin critics with EMA targets, and a learned temperature α with target entropy scale·|A|. Parameters live in
// ParamStores; Adam and the EMA run on the host (nn/host-params.ts), one HostParams per trained group, so the
// whole state (weights, moments, targets, step counts) is a few flat vectors a checkpoint can hold. Every random
// draw is named by (seed, update, stream), so an update depends only on the state and the batch.
import * as tf from '@tensorflow/tfjs-core';
import { HostParams, Mlp, OPTAX_ADAM, ParamStore, seedFor } from '../nn/index.js';
import { sampleSquashed } from './squashed-gaussian.js';
import { actorLoss, criticLoss, criticTarget, temperatureLoss } from './sac-losses.js';
import type { TransitionBatch } from './replay-buffer.js';
import type { SacSettings } from './sac-settings.js';

export interface SacState {
  kind: 'sac';
  obsDim: number;
  actDim: number;
  seed: number;
  step: number;
  settings: SacSettings;
  critic: HostVectors;
  actor: HostVectors;
  temperature: HostVectors;
}

interface HostVectors {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  targets: Float32Array;
  count: number;
}

export type SacMetrics = Record<'criticLoss' | 'actorLoss' | 'temperatureLoss' | 'alpha' | 'entropy' | 'qMean', number>;

/** A trained group: its variables, their host-side copy, and (critics only) the EMA target variables. */
interface Group {
  vars: tf.Variable[];
  targetVars: tf.Variable[];
  host: HostParams;
}

export class SacAgent {
  readonly store = new ParamStore();
  readonly actor: Mlp;
  readonly critics: [Mlp, Mlp];
  readonly targetCritics: [Mlp, Mlp];
  step = 0;
  private readonly groups: { actor: Group; critic: Group; temperature: Group };
  private readonly hyper;

  constructor(readonly obsDim: number, readonly actDim: number, readonly settings: SacSettings, readonly seed: number) {
    const s = settings;
    const criticSpec = { inputDim: obsDim + actDim, hiddenDims: s.criticHidden, outputDim: 1, activation: s.activation, layerNorm: s.criticLayerNorm };
    this.actor = new Mlp(this.store, 'actor', { inputDim: obsDim, hiddenDims: s.actorHidden, outputDim: 2 * actDim, activation: s.activation }, seedFor(seed, 0, 'actor-init'));
    this.critics = [0, 1].map((k) => new Mlp(this.store, `critic${k}`, criticSpec, seedFor(seed, 0, `critic${k}-init`))) as [Mlp, Mlp];
    this.targetCritics = [0, 1].map((k) => new Mlp(this.store, `target_critic${k}`, criticSpec, seedFor(seed, 0, `critic${k}-init`))) as [Mlp, Mlp];
    this.store.add('log_alpha', tf.tensor1d([Math.log(s.initTemperature)]));
    const group = (prefixes: string[], withTargets: boolean): Group => {
      const trained = prefixes.flatMap((p) => this.store.entries(p));
      const targets = withTargets ? prefixes.flatMap((p) => this.store.entries(`target_${p}`)) : [];
      const host = new HostParams(trained, targets.map(([n, v]) => [n, v, n.slice('target_'.length)] as [string, tf.Variable, string]));
      return { vars: trained.map(([, v]) => v), targetVars: targets.map(([, v]) => v), host };
    };
    this.groups = { actor: group(['actor/'], false), critic: group(['critic0/', 'critic1/'], true), temperature: group(['log_alpha'], false) };
    for (const g of Object.values(this.groups)) copyVariables(g);
    this.hyper = { ...OPTAX_ADAM, lr: s.lr };
  }

  get alpha(): number {
    return Math.exp(this.groups.temperature.host.buffers.params[0]!);
  }

  get targetEntropy(): number {
    return this.settings.targetEntropyScale * this.actDim;
  }

  /** The actor's mean and clipped log-std for obs [B, obsDim]. */
  policy(obs: tf.Tensor2D): { mean: tf.Tensor2D; logStd: tf.Tensor2D } {
    const out = this.actor.apply(obs);
    const mean = tf.slice(out, [0, 0], [-1, this.actDim]) as tf.Tensor2D;
    const logStd = tf.clipByValue(tf.slice(out, [0, this.actDim], [-1, this.actDim]), this.settings.logStdMin, this.settings.logStdMax) as tf.Tensor2D;
    return { mean, logStd };
  }

  /** Actions for `count` observations: sampled with noise seed `noiseSeed`, or the deterministic tanh(mean). */
  act(obs: Float32Array, count: number, noiseSeed?: number): Float32Array {
    return tf.tidy(() => {
      const { mean, logStd } = this.policy(tf.tensor2d(obs, [count, this.obsDim]));
      if (noiseSeed === undefined) return tf.tanh(mean).dataSync() as Float32Array;
      return sampleSquashed(mean, logStd, tf.randomNormal([count, this.actDim], 0, 1, 'float32', noiseSeed) as tf.Tensor2D).action.dataSync() as Float32Array;
    });
  }

  private q(critics: [Mlp, Mlp], obs: tf.Tensor2D, actions: tf.Tensor2D): [tf.Tensor1D, tf.Tensor1D] {
    const x = tf.concat([obs, actions], 1) as tf.Tensor2D;
    return critics.map((c) => tf.squeeze(c.apply(x), [1]) as tf.Tensor1D) as [tf.Tensor1D, tf.Tensor1D];
  }

  /** One SAC update on `batch`: critics (then their targets), actor, temperature. */
  update(batch: TransitionBatch): SacMetrics {
    const step = this.step + 1;
    const B = batch.size;
    const alpha = this.alpha;
    const metrics = tf.tidy(() => {
      const obs = tf.tensor2d(batch.obs, [B, this.obsDim]);
      const nextObs = tf.tensor2d(batch.nextObs, [B, this.obsDim]);
      const actions = tf.tensor2d(batch.actions, [B, this.actDim]);
      const next = this.policy(nextObs);
      const nextSample = sampleSquashed(next.mean, next.logStd, this.noise(B, step, 'next-action'));
      const [t0, t1] = this.q(this.targetCritics, nextObs, nextSample.action);
      const target = criticTarget(tf.tensor1d(batch.rewards), tf.tensor1d(batch.masks), tf.minimum(t0, t1) as tf.Tensor1D, nextSample.logProb, alpha, this.settings.discount);
      let qMean = 0;
      const critic = this.train(this.groups.critic, step, () => {
        const qs = this.q(this.critics, obs, actions);
        qMean = tf.mean(qs[0]).dataSync()[0]!;
        return criticLoss(qs, target);
      });
      this.groups.critic.host.ema(this.settings.tau);
      copyTargets(this.groups.critic);

      const noise = this.noise(B, step, 'action');
      let entropy = 0;
      const actor = this.train(this.groups.actor, step, () => {
        const { mean, logStd } = this.policy(obs);
        const sample = sampleSquashed(mean, logStd, noise);
        const [q0, q1] = this.q(this.critics, obs, sample.action);
        entropy = -tf.mean(sample.logProb).dataSync()[0]!;
        return actorLoss(sample.logProb, tf.minimum(q0, q1) as tf.Tensor1D, alpha);
      });
      return { criticLoss: critic, actorLoss: actor, qMean, entropy };
    });
    const temperature = this.groups.temperature.host;
    const t = temperatureLoss(temperature.buffers.params[0]!, metrics.entropy, this.targetEntropy);
    temperature.adam([new Float32Array([t.grad])], [1], this.hyper, step);
    temperature.count = step;
    copyVariables(this.groups.temperature, 'upload');
    this.step = step;
    return { ...metrics, temperatureLoss: t.loss, alpha: this.alpha };
  }

  private noise(batch: number, step: number, stream: string): tf.Tensor2D {
    return tf.randomNormal([batch, this.actDim], 0, 1, 'float32', seedFor(this.seed, step, stream)) as tf.Tensor2D;
  }

  /** Gradient of `loss` w.r.t. the group's variables, one host Adam step, variables re-uploaded; returns the loss. */
  private train(g: Group, step: number, loss: () => tf.Scalar): number {
    const { value, grads } = tf.variableGrads(loss, g.vars);
    const flat = new Float32Array(g.host.size);
    g.host.trained.forEach((e, i) => {
      const grad = grads[g.vars[i]!.name];
      if (grad) flat.set(grad.dataSync() as Float32Array, e.offset);
    });
    g.host.adam([flat], [1], this.hyper, step);
    g.host.count = step;
    copyVariables(g, 'upload');
    return value.dataSync()[0]!;
  }

  getState(): SacState {
    const vectors = (g: Group): HostVectors => {
      const b = g.host.buffers;
      return { params: b.params.slice(), m: b.m.slice(), v: b.v.slice(), targets: b.targets.slice(), count: b.count[0]! };
    };
    return {
      kind: 'sac', obsDim: this.obsDim, actDim: this.actDim, seed: this.seed, step: this.step, settings: this.settings,
      critic: vectors(this.groups.critic), actor: vectors(this.groups.actor), temperature: vectors(this.groups.temperature),
    };
  }

  setState(state: SacState): void {
    if (state.kind !== 'sac' || state.obsDim !== this.obsDim || state.actDim !== this.actDim) {
      throw new Error(`SAC state is for obs ${state.obsDim} / act ${state.actDim}; this agent has obs ${this.obsDim} / act ${this.actDim}`);
    }
    for (const name of ['critic', 'actor', 'temperature'] as const) {
      const b = this.groups[name].host.buffers;
      const s = state[name];
      if (s.params.length !== b.params.length || s.targets.length !== b.targets.length) {
        throw new Error(`SAC state: the ${name} has ${s.params.length} parameters, this agent ${b.params.length} (different network sizes)`);
      }
      b.params.set(s.params); b.m.set(s.m); b.v.set(s.v); b.targets.set(s.targets); b.count[0] = s.count;
      copyVariables(this.groups[name], 'upload');
    }
    this.step = state.step;
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** Synchronises a group's variables and host vectors: 'download' copies variables → host, 'upload' host → variables. */
function copyVariables(g: Group, direction: 'download' | 'upload' = 'download'): void {
  if (direction === 'upload') return g.host.upload(g.vars, g.targetVars);
  g.vars.forEach((v, i) => g.host.buffers.params.set(v.dataSync() as Float32Array, g.host.trained[i]!.offset));
  g.targetVars.forEach((v, i) => g.host.buffers.targets.set(v.dataSync() as Float32Array, g.host.targetEntries[i]!.offset));
}

function copyTargets(g: Group): void {
  g.host.upload([], g.targetVars);
}
