// The four agents (Q-Flow, flow BC, FQL, BPTT) share networks, optimizer, targets and state handling; they
// differ in which losses make up an update (spec §2–3, §4.2).
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from '../nn/adam.js';
import { emaUpdate } from '../nn/ema.js';
import { l2Norm } from '../nn/gradient-norm.js';
import { fourierTimeEmbedding } from '../nn/fourier-embedding.js';
import { ParamStore, type TensorRecord } from '../nn/param-store.js';
import { hashSeed, seedFor } from '../nn/seeds.js';
import { bpttActorLoss, flowMatchingLoss, fqlActorLoss, guidanceGradient, oneStepActions } from './actor-losses.js';
import type { Agent, AgentState, Batch } from './agent.js';
import { validateAgentConfig, type AgentConfig, type AgentKind } from './agent-config.js';
import { buildNetworks, TRAINED_PREFIXES, type AgentNetworks } from './agent-networks.js';
import { innerValueLoss, outerCriticLoss, qflowTargets, tdTarget } from './critic-losses.js';
import { eulerSample } from './flow-sampling.js';

interface BatchTensors {
  obs: tf.Tensor2D;
  actions: tf.Tensor2D;
  rewards: tf.Tensor1D;
  masks: tf.Tensor1D;
  nextObs: tf.Tensor2D;
}

/** Scalars computed during an update, read back in one transfer at its end. */
type ScalarMap = Record<string, tf.Scalar>;

function checkFinite(name: string, data: Float32Array, expectedLength: number, shape: string): void {
  if (data.length !== expectedLength) {
    throw new Error(`${name} has ${data.length} values; expected ${expectedLength} (${shape})`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new Error(`${name}[${i}] is ${data[i]}; values must be finite`);
  }
}

export class FlowAgent implements Agent {
  readonly kind: AgentKind;
  readonly config: AgentConfig;
  readonly obsDim: number;
  readonly actDim: number;
  private seed: number;
  private readonly store = new ParamStore();
  private readonly nets: AgentNetworks;
  private readonly adam: Adam;
  /** tfjs variable name → our parameter name (variableGrads keys its result by the former). */
  private readonly paramName = new Map<string, string>();
  private stepCount = 0;
  private disposed = false;
  /** Prefix of the random stream names: '' for training updates, 'validation/' for validation metrics. */
  private streamPrefix = '';

  constructor(kind: AgentKind, config: AgentConfig, obsDim: number, actDim: number, seed: number) {
    validateAgentConfig(kind, config);
    if (!Number.isInteger(obsDim) || obsDim < 0) throw new Error(`obsDim must be an integer >= 0, got ${obsDim}`);
    if (!Number.isInteger(actDim) || actDim < 1) throw new Error(`actDim must be an integer >= 1, got ${actDim}`);
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    this.kind = kind;
    this.config = structuredClone(config);
    this.obsDim = obsDim;
    this.actDim = actDim;
    this.seed = seed;
    this.nets = buildNetworks(this.store, kind, this.config, obsDim, actDim, seed);
    const trained = this.store.entries().filter(([n]) => TRAINED_PREFIXES.some((p) => n.startsWith(p)));
    this.adam = new Adam(new Map(trained), { lr: this.config.lr });
    for (const [name, v] of this.store.entries()) this.paramName.set(v.name, name);
  }

  get step(): number {
    return this.stepCount;
  }

  update(batch: Batch): Promise<Record<string, number>> {
    return this.run(batch, true);
  }

  validationMetrics(batch: Batch): Promise<Record<string, number>> {
    return this.run(batch, false);
  }

  /**
   * Losses and gradients on `batch`; with `apply`, the Adam step and target EMA too. The graph runs inside one
   * tf.tidy; its scalars come out as one stacked tensor, read back after the tidy (reads are asynchronous).
   */
  private async run(batch: Batch, apply: boolean): Promise<Record<string, number>> {
    this.assertAlive();
    this.checkBatch(batch);
    const kept: tf.Tensor[] = [];
    this.streamPrefix = apply ? '' : 'validation/';
    let names: string[] = [];
    let stacked: tf.Tensor1D | undefined;
    try {
      stacked = tf.tidy(() => {
        const b = this.batchTensors(batch);
        const grads = new Map<string, tf.Tensor>();
        const scalars: ScalarMap = {};
        if (this.kind === 'qflow' || this.kind === 'bptt') {
          const targets = this.qflowTargetsFor(b);
          this.criticStep(b, targets.y, grads, scalars, kept);
          this.innerStep(b, targets, grads, scalars, kept);
          if (this.kind === 'qflow') this.guidedActorStep(b, grads, scalars);
          else this.bpttActorStep(b, grads, scalars, kept);
        } else if (this.kind === 'fql') {
          this.criticStep(b, this.oneStepTdTarget(b), grads, scalars, kept);
          this.fqlActorStep(b, grads, scalars, kept);
        } else {
          this.bcActorStep(b, grads, scalars);
        }
        this.gradientNorms(grads, scalars);
        if (apply) {
          if (!this.config.emaFromPostUpdate) this.updateTargets();
          this.adam.apply(grads);
          if (this.config.emaFromPostUpdate) this.updateTargets();
        }
        names = Object.keys(scalars);
        return tf.stack(names.map((n) => tf.reshape(scalars[n]!, []))) as tf.Tensor1D;
      });
    } finally {
      tf.dispose(kept);
    }
    // Counted before the read-back, so that an update started while this one is being read draws fresh noise.
    if (apply) this.stepCount += 1;
    try {
      const values = await stacked.data();
      return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
    } finally {
      stacked.dispose();
    }
  }

  async act(observations: Float32Array, count: number, seed: number): Promise<Float32Array> {
    this.assertAlive();
    if (!Number.isInteger(count) || count < 1) throw new Error(`act: count must be a positive integer, got ${count}`);
    checkFinite('act: observations', observations, count * this.obsDim, `[${count}, ${this.obsDim}]`);
    const actions = tf.tidy(() => {
      const obs = tf.tensor2d(observations, [count, this.obsDim]);
      const z = tf.randomNormal([count, this.actDim], 0, 1, 'float32', hashSeed(`act/${seed}`)) as tf.Tensor2D;
      return this.kind === 'fql'
        ? tf.clipByValue(oneStepActions(this.nets.onestep!, obs, z), -1, 1)
        : eulerSample(this.nets.actor, obs, z, this.config.flowSteps);
    });
    try {
      return new Float32Array(await actions.data());
    } finally {
      actions.dispose();
    }
  }

  async getState(): Promise<AgentState> {
    this.assertAlive();
    // Capture the counters before awaiting: the reads below see the tensors as they are now.
    const step = this.stepCount;
    const count = this.adam.count;
    const seed = this.seed;
    const config = structuredClone(this.config);
    const [params, moments] = await Promise.all([this.store.snapshot(), this.adam.moments.snapshot()]);
    const tensors: Record<string, TensorRecord> = {};
    for (const [name, rec] of Object.entries(params)) tensors[`param/${name}`] = rec;
    for (const [name, rec] of Object.entries(moments)) tensors[`adam/${name}`] = rec;
    // Two 16-bit halves: a float32 holds integers exactly only up to 2^24.
    tensors['adam/count'] = { shape: [2], data: Float32Array.of(Math.floor(count / 65536), count % 65536) };
    return { kind: this.kind, config, step, tensors, seed };
  }

  /**
   * Restores tensors, the update counter and the seed; the state must come from an agent of the same kind and
   * shapes. The agent keeps its own config (e.g. a new learning rate for fine-tuning).
   */
  setState(state: AgentState): void {
    this.assertAlive();
    if (state.kind !== this.kind) throw new Error(`cannot load a '${state.kind}' state into a '${this.kind}' agent`);
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`state.step must be an integer >= 0, got ${state.step}`);
    if (state.seed !== undefined && !Number.isSafeInteger(state.seed)) throw new Error(`state.seed must be an integer, got ${state.seed}`);
    const count = state.tensors['adam/count'];
    if (!count || count.data.length !== 2) throw new Error("state is missing tensor 'adam/count' (2 values)");
    const strip = (prefix: string) => Object.fromEntries(
      Object.entries(state.tensors).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]),
    );
    this.store.restore(strip('param/'));
    this.adam.moments.restore(strip('adam/'));
    this.adam.count = count.data[0]! * 65536 + count.data[1]!;
    this.stepCount = state.step;
    if (state.seed !== undefined) this.seed = state.seed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.store.dispose();
    this.adam.dispose();
  }

  // ---- update pieces -------------------------------------------------------------------------------------

  private noise(shape: [number, number], stream: string): tf.Tensor2D {
    return tf.randomNormal(shape, 0, 1, 'float32', seedFor(this.seed, this.stepCount, this.streamPrefix + stream)) as tf.Tensor2D;
  }

  private uniformTimes(batch: number, stream: string): tf.Tensor2D {
    return tf.randomUniform([batch, 1], 0, 1, 'float32', seedFor(this.seed, this.stepCount, this.streamPrefix + stream)) as tf.Tensor2D;
  }

  private timeFeatures(t: tf.Tensor2D): tf.Tensor2D {
    return this.config.useTimeEmbed ? fourierTimeEmbedding(t, this.config.timeEmbedDim, this.config.maxFreq) : t;
  }

  /** x_t = (1−t)·x0 + t·a and u_t = a − x0 for fresh x0 ~ N(0, I), t ~ U(0, 1). */
  private flowPath(actions: tf.Tensor2D, stream: string): { x0: tf.Tensor2D; t: tf.Tensor2D; xt: tf.Tensor2D; ut: tf.Tensor2D } {
    const [batch, actDim] = actions.shape;
    const x0 = this.noise([batch, actDim], `${stream}/noise`);
    const t = this.uniformTimes(batch, `${stream}/time`);
    const xt = tf.add(tf.mul(tf.sub(1, t), x0), tf.mul(t, actions)) as tf.Tensor2D;
    return { x0, t, xt, ut: tf.sub(actions, x0) as tf.Tensor2D };
  }

  /** Gradient of `loss` for `vars`, added to `grads` under our parameter names; returns the loss. */
  private differentiate(vars: tf.Variable[], loss: () => tf.Scalar, grads: Map<string, tf.Tensor>): tf.Scalar {
    const result = tf.variableGrads(loss, vars);
    for (const v of vars) {
      const g = result.grads[v.name];
      if (!g) throw new Error(`no gradient reached parameter '${this.paramName.get(v.name)}'`);
      grads.set(this.paramName.get(v.name)!, g);
    }
    return result.value;
  }

  /** The gradient norm of each trained network (one concat per network: cheap on wasm) and of all of them. */
  private gradientNorms(grads: Map<string, tf.Tensor>, scalars: ScalarMap): void {
    const norms: tf.Scalar[] = [];
    for (const prefix of TRAINED_PREFIXES) {
      const names = this.store.names(prefix);
      if (!names.length) continue;
      const norm = l2Norm(tf.concat(names.map((n) => tf.reshape(grads.get(n)!, [-1]))));
      scalars[`grad_norm/${prefix.slice(0, -1)}`] = norm;
      norms.push(norm);
    }
    scalars.grad_norm = l2Norm(tf.stack(norms));
  }

  /** FQL's TD target: next actions from the one-step policy (spec §4.2). */
  private oneStepTdTarget(b: BatchTensors): tf.Tensor1D {
    const zNext = this.noise([b.nextObs.shape[0], this.actDim], 'critic/next_noise');
    const nextActions = tf.clipByValue(oneStepActions(this.nets.onestep!, b.nextObs, zNext), -1, 1);
    return tdTarget(this.nets.targetCritic!, b.nextObs, nextActions, b.rewards, b.masks, this.config);
  }

  /** Q-Flow's two targets (TD and inner value) from one joint roll-out and one target-critic pass. */
  private qflowTargetsFor(b: BatchTensors): { y: tf.Tensor1D; g: tf.Tensor1D; xTau: tf.Tensor2D; tau: tf.Tensor2D } {
    const nextNoise = this.noise([b.nextObs.shape[0], this.actDim], 'critic/next_noise');
    const { xt: xTau, t: tau } = this.flowPath(b.actions, 'inner');
    const { y, g } = qflowTargets(this.nets.actor, this.nets.targetCritic!, { ...b, nextNoise, xTau, tau }, this.config);
    return { y, g, xTau, tau };
  }

  private criticStep(b: BatchTensors, y: tf.Tensor1D, grads: Map<string, tf.Tensor>, scalars: ScalarMap, kept: tf.Tensor[]): void {
    const critic = this.nets.critic!;
    const value = this.differentiate(critic.variables(), () => {
      const { loss, q } = outerCriticLoss(critic, b.obs, b.actions, y);
      scalars.q_mean = tf.keep(tf.mean(q));
      kept.push(scalars.q_mean);
      return loss;
    }, grads);
    scalars.critic_loss = value;
    scalars.target_q_mean = tf.mean(y);
  }

  private innerStep(
    b: BatchTensors,
    targets: { g: tf.Tensor1D; xTau: tf.Tensor2D; tau: tf.Tensor2D },
    grads: Map<string, tf.Tensor>,
    scalars: ScalarMap,
    kept: tf.Tensor[],
  ): void {
    const inner = this.nets.inner!;
    const c = this.config;
    const features = this.timeFeatures(targets.tau);
    const value = this.differentiate(inner.variables(), () => {
      const { loss, v } = innerValueLoss(inner, b.obs, targets.xTau, features, targets.g, { qAgg: c.qAgg, perMember: c.innerLossPerMember });
      scalars.v_mean = tf.keep(tf.mean(v));
      kept.push(scalars.v_mean);
      return loss;
    }, grads);
    scalars.inner_loss = value;
    scalars.inner_target_mean = tf.mean(targets.g);
  }

  private guidedActorStep(b: BatchTensors, grads: Map<string, tf.Tensor>, scalars: ScalarMap): void {
    const { actor, inner } = this.nets;
    const { xt, t, ut } = this.flowPath(b.actions, 'actor');
    const guidance = guidanceGradient(inner!, b.obs, xt, this.timeFeatures(t));
    const value = this.differentiate(actor.variables(), () =>
      flowMatchingLoss(actor, b.obs, xt, t, ut, { grad: guidance, lambda: this.config.guidanceLambda }), grads);
    scalars.actor_loss = value;
    scalars.guidance_norm = tf.mean(tf.sqrt(tf.sum(tf.square(guidance), 1)));
  }

  private bcActorStep(b: BatchTensors, grads: Map<string, tf.Tensor>, scalars: ScalarMap): void {
    const { actor } = this.nets;
    const { xt, t, ut } = this.flowPath(b.actions, 'actor');
    const value = this.differentiate(actor.variables(), () => flowMatchingLoss(actor, b.obs, xt, t, ut), grads);
    scalars.actor_loss = value;
  }

  private bpttActorStep(b: BatchTensors, grads: Map<string, tf.Tensor>, scalars: ScalarMap, kept: tf.Tensor[]): void {
    const { actor, inner } = this.nets;
    const c = this.config;
    const { xt, t, ut } = this.flowPath(b.actions, 'actor');
    const z = this.noise([xt.shape[0], this.actDim], 'actor/rollout_noise');
    const tFeatures = this.timeFeatures(t);
    const value = this.differentiate(actor.variables(), () => {
      const out = bpttActorLoss(actor, inner!, { obs: b.obs, xt, t, ut, z, tFeatures },
        { lambda: c.guidanceLambda, flowSteps: c.flowSteps, normalizeQLoss: c.normalizeQLoss });
      scalars.bc_loss = tf.keep(out.bc);
      scalars.q_loss = tf.keep(out.qLoss);
      kept.push(out.bc, out.qLoss);
      return out.loss;
    }, grads);
    scalars.actor_loss = value;
  }

  private fqlActorStep(b: BatchTensors, grads: Map<string, tf.Tensor>, scalars: ScalarMap, kept: tf.Tensor[]): void {
    const { actor, onestep, critic } = this.nets;
    const c = this.config;
    const { xt, t, ut } = this.flowPath(b.actions, 'actor');
    const z = this.noise([xt.shape[0], this.actDim], 'actor/distill_noise');
    const flowTarget = eulerSample(actor, b.obs, z, c.flowSteps);
    const vars = [...actor.variables(), ...onestep!.variables()];
    const value = this.differentiate(vars, () => {
      const out = fqlActorLoss(actor, onestep!, critic!, { obs: b.obs, xt, t, ut, z, flowTarget },
        { alpha: c.alpha, normalizeQLoss: c.normalizeQLoss });
      for (const [k, v] of [['bc_loss', out.bc], ['distill_loss', out.distill], ['q_loss', out.qLoss]] as const) {
        scalars[k] = tf.keep(v);
        kept.push(v);
      }
      return out.loss;
    }, grads);
    scalars.actor_loss = value;
  }

  /** target ← τ·online + (1−τ)·target for the outer critic and (unless dropped) the inner critic. */
  private updateTargets(): void {
    const { critic, targetCritic, inner, targetInner } = this.nets;
    if (critic && targetCritic) emaUpdate(targetCritic.variables(), critic.variables(), this.config.tau);
    if (inner && targetInner) emaUpdate(targetInner.variables(), inner.variables(), this.config.tau);
  }

  private checkBatch(batch: Batch): void {
    const n = batch.size;
    if (!Number.isInteger(n) || n < 1) throw new Error(`batch.size must be a positive integer, got ${n}`);
    checkFinite('batch.observations', batch.observations, n * this.obsDim, `[${n}, ${this.obsDim}]`);
    checkFinite('batch.nextObservations', batch.nextObservations, n * this.obsDim, `[${n}, ${this.obsDim}]`);
    checkFinite('batch.actions', batch.actions, n * this.actDim, `[${n}, ${this.actDim}]`);
    checkFinite('batch.rewards', batch.rewards, n, `[${n}]`);
    checkFinite('batch.masks', batch.masks, n, `[${n}]`);
  }

  private batchTensors(batch: Batch): BatchTensors {
    const n = batch.size;
    return {
      obs: tf.tensor2d(batch.observations, [n, this.obsDim]),
      actions: tf.tensor2d(batch.actions, [n, this.actDim]),
      rewards: tf.tensor1d(batch.rewards),
      masks: tf.tensor1d(batch.masks),
      nextObs: tf.tensor2d(batch.nextObservations, [n, this.obsDim]),
    };
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error(`this ${this.kind} agent has been disposed`);
  }
}
