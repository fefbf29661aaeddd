// The four agents (Q-Flow, flow BC, FQL, BPTT) share networks, optimizer, targets and state handling; they
// differ in which losses make up an update (docs/algorithm.md#losses, docs/algorithm.md#update, docs/algorithm.md#fql).
import * as tf from '@tensorflow/tfjs-core';
import { fourierTimeEmbedding } from '../nn/fourier-embedding.js';
import { HostParams, OPTAX_ADAM, type AdamHyper, type FlatEntry, type HostBuffers } from '../nn/host-params.js';
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

export interface FlowAgentOptions {
  /** Keep the host parameters in SharedArrayBuffers (for data-parallel workers). */
  sharedHost?: boolean;
  /** Use these host buffers (another thread's) instead of creating them; the variables start from them. */
  hostBuffers?: HostBuffers;
}

/** Target network prefix → the trained network it follows by EMA. */
const TARGET_SOURCES: [string, string][] = [['target_critic/', 'critic/'], ['target_inner/', 'inner/']];

/** The tensor `name` of a state, checked against the shape of `entry`. */
function stateTensor(state: AgentState, name: string, entry: FlatEntry): Float32Array {
  const rec = state.tensors[name];
  if (!rec) throw new Error(`state is missing tensor '${name}'`);
  if (rec.shape.join(',') !== entry.shape.join(',') || rec.data.length !== entry.size) {
    throw new Error(`tensor '${name}' has shape [${rec.shape}] (${rec.data.length} values); expected [${entry.shape}]`);
  }
  return rec.data;
}

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
  /** Trained parameters, Adam moments and EMA targets on the host; the optimizer step runs there. */
  readonly host: HostParams;
  private readonly hyper: AdamHyper;
  private readonly trainedVars: tf.Variable[];
  private readonly targetVars: tf.Variable[];
  /** Settles when the host vectors hold the variables' values (and any state set since). */
  private hostReady: Promise<void>;
  private gradScratch?: Float32Array;
  /** tfjs variable name → our parameter name (variableGrads keys its result by the former). */
  private readonly paramName = new Map<string, string>();
  private stepCount = 0;
  private disposed = false;
  /** Prefix of the random stream names: '' for training updates, 'validation/' for validation metrics. */
  private streamPrefix = '';
  /** Set while a strict part of a batch is computed (a data-parallel shard): its rows and the batch's size. */
  private shard?: { rows: [number, number]; batchSize: number };

  constructor(kind: AgentKind, config: AgentConfig, obsDim: number, actDim: number, seed: number, options: FlowAgentOptions = {}) {
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
    const targets = TARGET_SOURCES.flatMap(([prefix, source]) =>
      this.store.entries(prefix).map(([n, v]) => [n, v, source + n.slice(prefix.length)] as [string, tf.Variable, string]));
    this.host = new HostParams(trained, targets, { shared: options.sharedHost, buffers: options.hostBuffers });
    this.hyper = { lr: this.config.lr, ...OPTAX_ADAM };
    this.trainedVars = trained.map(([, v]) => v);
    this.targetVars = targets.map(([, v]) => v);
    this.hostReady = options.hostBuffers ? Promise.resolve() : this.host.download(this.trainedVars, this.targetVars);
    for (const [name, v] of this.store.entries()) this.paramName.set(v.name, name);
  }

  get step(): number {
    return this.stepCount;
  }

  /** Settles when the host vectors hold the current parameters (after construction or setState). */
  ready(): Promise<void> {
    return this.hostReady;
  }

  async update(batch: Batch): Promise<Record<string, number>> {
    this.assertAlive();
    this.checkBatch(batch);
    await this.hostReady;
    const grads = (this.gradScratch ??= new Float32Array(this.host.size));
    const scalars = await this.shardGradients(batch, [0, batch.size], grads);
    const count = this.host.count + 1;
    const squares = this.optimizerStep([grads], [1], count, [0, this.host.size]);
    this.host.count = count;
    this.syncFromHost();
    this.stepCount += 1;
    return { ...scalars, ...this.gradientNormMetrics(squares) };
  }

  /** The update's losses and statistics on `batch` (its own random draws), changing nothing. */
  async validationMetrics(batch: Batch): Promise<Record<string, number>> {
    this.assertAlive();
    this.checkBatch(batch);
    await this.hostReady;
    const grads = new Float32Array(this.host.size);
    const scalars = await this.shardGradients(batch, [0, batch.size], grads, 'validation/');
    const squares = this.host.trained.map((e) => grads.subarray(e.offset, e.offset + e.size).reduce((sum, g) => sum + g * g, 0));
    return { ...scalars, ...this.gradientNormMetrics(Float64Array.from(squares)) };
  }

  /**
   * Losses and gradients of update `step` on rows [lo, hi) of `batch` (a shard of a data-parallel update; the
   * whole batch otherwise): the random draws are the whole batch's, sliced to the rows, and every loss is the
   * mean over the shard. Gradients go to `out` in the host layout; returns the scalar metrics. The graph runs
   * inside one tf.tidy; its results are read back after it (reads are asynchronous).
   */
  async shardGradients(batch: Batch, rows: [number, number], out: Float32Array, streamPrefix = ''): Promise<Record<string, number>> {
    this.assertAlive();
    const kept: tf.Tensor[] = [];
    this.streamPrefix = streamPrefix;
    this.shard = rows[1] - rows[0] < batch.size ? { rows, batchSize: batch.size } : undefined;
    let names: string[] = [];
    let results: { scalars: tf.Tensor1D; grads: tf.Tensor[] } | undefined;
    try {
      results = tf.tidy(() => {
        const b = this.batchTensors(batch, rows);
        const grads = new Map<string, tf.Tensor>();
        const scalars: ScalarMap = {};
        if (this.kind === 'qflow' || this.kind === 'bptt') {
          const targets = this.qflowTargetsFor(b);
          this.criticStep(b, targets.y, grads, scalars, kept);
          this.innerStep(b, targets, grads, scalars, kept);
          if (this.kind === 'qflow') this.guidedActorStep(b, grads, scalars, kept);
          else this.bpttActorStep(b, grads, scalars, kept);
        } else if (this.kind === 'fql') {
          this.criticStep(b, this.oneStepTdTarget(b), grads, scalars, kept);
          this.fqlActorStep(b, grads, scalars, kept);
        } else {
          this.bcActorStep(b, grads, scalars);
        }
        names = Object.keys(scalars);
        return {
          scalars: tf.stack(names.map((n) => tf.reshape(scalars[n]!, []))) as tf.Tensor1D,
          grads: this.host.trained.map((e) => grads.get(e.name)!),
        };
      });
    } finally {
      tf.dispose(kept);
      this.shard = undefined;
    }
    try {
      const [values, ...gradData] = await Promise.all([results.scalars.data(), ...results.grads.map((g) => g.data())]);
      this.host.trained.forEach((e, i) => out.set(gradData[i] as Float32Array, e.offset));
      return Object.fromEntries(names.map((n, i) => [n, values![i]!]));
    } finally {
      tf.dispose([results.scalars, ...results.grads]);
    }
  }

  /**
   * The optimizer step on [lo, hi) of the host vectors, with gradient Σ_k weights[k]·grads[k]: EMA of the
   * targets toward the pre-update parameters (or the post-update ones with emaFromPostUpdate) and Adam step
   * `count`. Returns Σg² per trained tensor over the range.
   */
  optimizerStep(grads: Float32Array[], weights: number[], count: number, [lo, hi]: [number, number]): Float64Array {
    const tau = this.config.tau;
    if (!this.config.emaFromPostUpdate) this.host.ema(tau, lo, hi);
    const squares = this.host.adam(grads, weights, this.hyper, count, lo, hi);
    if (this.config.emaFromPostUpdate) this.host.ema(tau, lo, hi);
    return squares;
  }

  /** Copies the host parameters and targets into the variables. */
  syncFromHost(): void {
    this.host.upload(this.trainedVars, this.targetVars);
  }

  /** The seed every update's random draws derive from (with the step). */
  get drawSeed(): number {
    return this.seed;
  }

  /** Sets the update counter and the draw seed (a data-parallel worker follows its rank 0). */
  follow(step: number, seed: number): void {
    this.stepCount = step;
    this.seed = seed;
  }

  /** The gradient norm of each trained network and of all of them, from Σg² per trained tensor. */
  gradientNormMetrics(squares: Float64Array): Record<string, number> {
    const metrics: Record<string, number> = {};
    let total = 0;
    for (const prefix of TRAINED_PREFIXES) {
      let sum = 0;
      let found = false;
      this.host.trained.forEach((e, i) => {
        if (e.name.startsWith(prefix)) [sum, found] = [sum + squares[i]!, true];
      });
      if (!found) continue;
      metrics[`grad_norm/${prefix.slice(0, -1)}`] = Math.sqrt(sum);
      total += sum;
    }
    metrics.grad_norm = Math.sqrt(total);
    return metrics;
  }

  async act(observations: Float32Array, count: number, seed: number): Promise<Float32Array> {
    this.assertAlive();
    if (!Number.isInteger(count) || count < 1) throw new Error(`act: count must be a positive integer, got ${count}`);
    checkFinite('act: observations', observations, count * this.obsDim, `[${count}, ${this.obsDim}]`);
    await this.hostReady;
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
    await this.hostReady;
    const { params, m, v, targets } = this.host.buffers;
    const slice = (data: Float32Array, e: FlatEntry): TensorRecord => ({ shape: [...e.shape], data: data.slice(e.offset, e.offset + e.size) });
    const tensors: Record<string, TensorRecord> = {};
    for (const e of this.host.trained) tensors[`param/${e.name}`] = slice(params, e);
    for (const e of this.host.targetEntries) tensors[`param/${e.name}`] = slice(targets, e);
    for (const e of this.host.trained) tensors[`adam/m/${e.name}`] = slice(m, e);
    for (const e of this.host.trained) tensors[`adam/v/${e.name}`] = slice(v, e);
    // Two 16-bit halves: a float32 holds integers exactly only up to 2^24.
    const count = this.host.count;
    tensors['adam/count'] = { shape: [2], data: Float32Array.of(Math.floor(count / 65536), count % 65536) };
    return { kind: this.kind, config: structuredClone(this.config), step: this.stepCount, tensors, seed: this.seed };
  }

  /**
   * Restores tensors, the update counter and the seed; the state must come from an agent of the same kind and
   * shapes. The agent keeps its own config (e.g. a new learning rate for fine-tuning). A state that does not fit
   * is refused before anything changes.
   */
  setState(state: AgentState): void {
    this.assertAlive();
    if (state.kind !== this.kind) throw new Error(`cannot load a '${state.kind}' state into a '${this.kind}' agent`);
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`state.step must be an integer >= 0, got ${state.step}`);
    if (state.seed !== undefined && !Number.isSafeInteger(state.seed)) throw new Error(`state.seed must be an integer, got ${state.seed}`);
    const count = state.tensors['adam/count'];
    if (!count || count.data.length !== 2) throw new Error("state is missing tensor 'adam/count' (2 values)");
    const { params, m, v, targets } = this.host.buffers;
    const writes: [Float32Array, FlatEntry, Float32Array][] = [
      ...this.host.trained.map((e) => [params, e, stateTensor(state, `param/${e.name}`, e)] as [Float32Array, FlatEntry, Float32Array]),
      ...this.host.targetEntries.map((e) => [targets, e, stateTensor(state, `param/${e.name}`, e)] as [Float32Array, FlatEntry, Float32Array]),
      ...this.host.trained.map((e) => [m, e, stateTensor(state, `adam/m/${e.name}`, e)] as [Float32Array, FlatEntry, Float32Array]),
      ...this.host.trained.map((e) => [v, e, stateTensor(state, `adam/v/${e.name}`, e)] as [Float32Array, FlatEntry, Float32Array]),
    ];
    const adamCount = count.data[0]! * 65536 + count.data[1]!;
    // After the initial download (if still running), so that it cannot overwrite the restored values.
    this.hostReady = this.hostReady.then(() => {
      for (const [buffer, e, data] of writes) buffer.set(data, e.offset);
      this.host.count = adamCount;
      this.syncFromHost();
    });
    this.stepCount = state.step;
    if (state.seed !== undefined) this.seed = state.seed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.store.dispose();
  }

  // ---- update pieces -------------------------------------------------------------------------------------

  /** This update's draws of stream `stream`, [rows, cols]: the whole batch's draws, sliced to the shard's rows. */
  private noise(shape: [number, number], stream: string): tf.Tensor2D {
    return this.shardRows(tf.randomNormal(this.wholeBatch(shape), 0, 1, 'float32', seedFor(this.seed, this.stepCount, this.streamPrefix + stream)) as tf.Tensor2D);
  }

  private uniformTimes(batch: number, stream: string): tf.Tensor2D {
    return this.shardRows(tf.randomUniform(this.wholeBatch([batch, 1]), 0, 1, 'float32', seedFor(this.seed, this.stepCount, this.streamPrefix + stream)) as tf.Tensor2D);
  }

  private wholeBatch([rows, cols]: [number, number]): [number, number] {
    return this.shard ? [this.shard.batchSize, cols] : [rows, cols];
  }

  private shardRows(draws: tf.Tensor2D): tf.Tensor2D {
    if (!this.shard) return draws;
    const [lo, hi] = this.shard.rows;
    return tf.slice(draws, [lo, 0], [hi - lo, draws.shape[1]]);
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

  /** FQL's TD target: next actions from the one-step policy (docs/algorithm.md#fql). */
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

  private guidedActorStep(b: BatchTensors, grads: Map<string, tf.Tensor>, scalars: ScalarMap, kept: tf.Tensor[]): void {
    const { actor, inner } = this.nets;
    const { xt, t, ut } = this.flowPath(b.actions, 'actor');
    const guidance = guidanceGradient(inner!, b.obs, xt, this.timeFeatures(t));
    const value = this.differentiate(actor.variables(), () =>
      flowMatchingLoss(actor, b.obs, xt, t, ut, { grad: guidance, lambda: this.config.guidanceLambda }, (bc) => {
        scalars.bc_loss = tf.keep(bc);
        kept.push(bc);
      }), grads);
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

  /** Throws a clear error for a batch of the wrong sizes or with non-finite values. */
  checkBatch(batch: Batch): void {
    const n = batch.size;
    if (!Number.isInteger(n) || n < 1) throw new Error(`batch.size must be a positive integer, got ${n}`);
    checkFinite('batch.observations', batch.observations, n * this.obsDim, `[${n}, ${this.obsDim}]`);
    checkFinite('batch.nextObservations', batch.nextObservations, n * this.obsDim, `[${n}, ${this.obsDim}]`);
    checkFinite('batch.actions', batch.actions, n * this.actDim, `[${n}, ${this.actDim}]`);
    checkFinite('batch.rewards', batch.rewards, n, `[${n}]`);
    checkFinite('batch.masks', batch.masks, n, `[${n}]`);
  }

  /** Rows [lo, hi) of the batch as tensors. */
  private batchTensors(batch: Batch, [lo, hi]: [number, number]): BatchTensors {
    const n = hi - lo;
    const rows = (data: Float32Array, dim: number) => data.subarray(lo * dim, hi * dim);
    return {
      obs: tf.tensor2d(rows(batch.observations, this.obsDim), [n, this.obsDim]),
      actions: tf.tensor2d(rows(batch.actions, this.actDim), [n, this.actDim]),
      rewards: tf.tensor1d(rows(batch.rewards, 1)),
      masks: tf.tensor1d(rows(batch.masks, 1)),
      nextObs: tf.tensor2d(rows(batch.nextObservations, this.obsDim), [n, this.obsDim]),
    };
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error(`this ${this.kind} agent has been disposed`);
  }
}
