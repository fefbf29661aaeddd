// The 2D study: one shared BC warm-up (flow BC, critics training throughout; its flow is the "BC" policy), then
// for each method and λ a branch from the warm-up state (weights AND Adam moments, as if the run had continued)
// trained for `guidedSteps` updates. Each branch is scored on 512 samples from one fixed noise batch.
import * as tf from '@tensorflow/tfjs-core';
import { AgentRng } from '../random/agent-rng.js';
import { mixSeeds } from '../random/seed-mixing.js';
import { generateToyDataset, TOY_DOMAIN, type ToyDataset, type ToyDatasetName } from './toy-datasets.js';
import { validateToyConfig, type ToyConfig, type ToyMethod } from './toy-config.js';
import { ToyNets, disposeSnapshot, type ToyBatch } from './toy-trainers.js';
import { sampleFlow } from './toy-flow.js';
import { withTime } from './toy-networks.js';
import { meanOracleReward, supportFraction } from './toy-metrics.js';

/** Seed of the fixed plotting noise (the notebook's PRNGKey(999)). */
export const SAMPLE_NOISE_SEED = 999;

export interface PolicyResult {
  label: string;
  lambda: number | null;       // null for BC
  meanReward: number;
  onSupport: number;           // fraction of samples within supportDistance of a training point
  onSupportAt: Record<string, number>; // the same at half and twice that distance
  samples: Float32Array;       // [samples, 2]
  landscape?: Float32Array;    // [grid, grid] row-major, y rows from −4 up: V(x, t=1) (Q-Flow, BC)
  finalLoss: number;
  gradNorms?: { step: number; norm: number }[]; // BPTT: the flow's gradient norm over training
  seconds: number;
}

export interface ToyStudyResult {
  dataset: ToyDataset;
  config: ToyConfig;
  seed: number;
  bc: PolicyResult;
  critic: Float32Array;        // Q(a) on the grid after the warm-up
  methods: Partial<Record<ToyMethod, PolicyResult[]>>;
  warmupSeconds: number;
}

export interface ToyStudyOptions {
  dataset: ToyDatasetName;
  methods: ToyMethod[];
  config: ToyConfig;
  seed: number;
  onProgress?: (message: string) => void;
}

export function runToyStudy(opts: ToyStudyOptions): ToyStudyResult {
  const { config, seed } = opts;
  validateToyConfig(config);
  const progress = opts.onProgress ?? (() => {});
  const data = generateToyDataset(opts.dataset, config.dataSize, seed);
  const nets = new ToyNets(config, seed);
  const noise = fixedNoise(config.samples);
  try {
    const t0 = performance.now();
    const batches = new EpochBatches(data, config.batchSize, mixSeeds(seed, 1));
    for (let step = 1; step <= config.bcSteps; step++) {
      const s = mixSeeds(mixSeeds(seed, 1), step); // warm-up noise stream
      const aux = step > config.bcSteps - config.auxWarmupSteps;
      withBatch(batches.next(), (b) => {
        nets.outerStep(b);
        if (aux && opts.methods.includes('qflow')) nets.innerStep(b, mixSeeds(s, 1));
        nets.flowStep(b, mixSeeds(s, 2), null);
        if (aux && opts.methods.includes('fql')) nets.oneStepStep(config.batchSize, mixSeeds(s, 3), null);
      });
      if (step % 250 === 0) progress(`warm-up ${step}/${config.bcSteps}`);
    }
    const warmupSeconds = (performance.now() - t0) / 1000;
    const bc = score('BC', null, data, config, () => sampleFlow(nets.flow, noise, config.flowSteps), 0, warmupSeconds);
    bc.landscape = valueLandscape(nets, config.gridSize);
    const critic = criticLandscape(nets, config.gridSize);
    const warm = nets.snapshot();
    nets.setLearningRate(config.lr);
    const methods: ToyStudyResult['methods'] = {};
    const lambdas = [...config.lambdas].sort((a, b) => b - a);
    for (const method of opts.methods) {
      methods[method] = lambdas.map((lambda) => {
        nets.restore(warm);
        const r = trainBranch(nets, data, method, lambda, config, seed);
        progress(`${method} λ=${lambda}: mean reward ${r.meanReward.toFixed(3)}, on support ${(100 * r.onSupport).toFixed(1)}% (${r.seconds.toFixed(1)} s)`);
        return r;
      });
    }
    disposeSnapshot(warm);
    return { dataset: data, config, seed, bc, critic, methods, warmupSeconds };
  } finally {
    nets.dispose();
    noise.dispose();
  }
}

function trainBranch(nets: ToyNets, data: ToyDataset, method: ToyMethod, lambda: number, config: ToyConfig, seed: number): PolicyResult {
  const t0 = performance.now();
  const batches = new EpochBatches(data, config.batchSize, mixSeeds(seed, 2));
  const gradNorms: { step: number; norm: number }[] = [];
  let loss = NaN;
  for (let step = 1; step <= config.guidedSteps; step++) {
    const s = mixSeeds(mixSeeds(seed, 2), step); // guided noise stream (the same for every branch)
    withBatch(batches.next(), (b) => {
      nets.outerStep(b);
      if (method === 'qflow') {
        nets.innerStep(b, mixSeeds(s, 1));
        loss = nets.flowStep(b, mixSeeds(s, 2), lambda).loss;
      } else if (method === 'fql') {
        nets.flowStep(b, mixSeeds(s, 2), null);
        loss = nets.oneStepStep(config.batchSize, mixSeeds(s, 3), lambda).loss;
      } else {
        const r = nets.bpttStep(b, mixSeeds(s, 2), lambda);
        loss = r.loss;
        if (step % config.gradNormEvery === 0 || step === 1) gradNorms.push({ step, norm: r.gradNorm });
      }
    });
  }
  const noise = fixedNoise(config.samples);
  const sample = method === 'fql'
    ? () => tf.clipByValue(nets.oneStep.apply(noise), -TOY_DOMAIN, TOY_DOMAIN) as tf.Tensor2D
    : () => sampleFlow(nets.flow, noise, config.flowSteps);
  const seconds = (performance.now() - t0) / 1000;
  const r = score(`λ=${lambda}`, lambda, data, config, sample, loss, seconds);
  noise.dispose();
  if (method === 'qflow') r.landscape = valueLandscape(nets, config.gridSize);
  if (method === 'bptt') r.gradNorms = gradNorms;
  return r;
}

function score(label: string, lambda: number | null, data: ToyDataset, config: ToyConfig,
  sample: () => tf.Tensor2D, finalLoss: number, seconds: number): PolicyResult {
  const t = sample();
  const samples = t.dataSync() as Float32Array;
  t.dispose();
  return {
    label, lambda, samples, finalLoss, seconds,
    meanReward: meanOracleReward(data.name, samples),
    onSupport: supportFraction(samples, data.points, config.supportDistance),
    onSupportAt: Object.fromEntries([0.5, 2].map((f) => {
      const d = f * config.supportDistance;
      return [String(+d.toPrecision(6)), supportFraction(samples, data.points, d)];
    })),
  };
}

/** Cell-centre grid over the domain, row-major with rows from y = −4 upward. */
export function gridPoints(n: number): Float32Array {
  const pts = new Float32Array(n * n * 2);
  const cell = (2 * TOY_DOMAIN) / n;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      pts[2 * (r * n + c)] = -TOY_DOMAIN + (c + 0.5) * cell;
      pts[2 * (r * n + c) + 1] = -TOY_DOMAIN + (r + 0.5) * cell;
    }
  }
  return pts;
}

function valueLandscape(nets: ToyNets, n: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(gridPoints(n), [n * n, 2]);
    return nets.inner.apply(withTime(x, tf.ones([n * n, 1]) as tf.Tensor2D)).dataSync() as Float32Array;
  });
}

function criticLandscape(nets: ToyNets, n: number): Float32Array {
  return tf.tidy(() => nets.outer.apply(tf.tensor2d(gridPoints(n), [n * n, 2])).dataSync() as Float32Array);
}

function fixedNoise(n: number): tf.Tensor2D {
  const rng = new AgentRng(SAMPLE_NOISE_SEED);
  return tf.tensor2d(Float32Array.from({ length: 2 * n }, () => rng.normal()), [n, 2]);
}

function withBatch(b: { x1: Float32Array; rewards: Float32Array }, fn: (b: ToyBatch) => void): void {
  const n = b.rewards.length;
  const batch = { x1: tf.tensor2d(b.x1, [n, 2]), rewards: tf.tensor2d(b.rewards, [n, 1]) };
  try {
    fn(batch);
  } finally {
    tf.dispose([batch.x1, batch.rewards]);
  }
}

/** Batches drawn WITHOUT replacement: a fresh permutation every epoch, ⌊N/B⌋ batches per epoch. */
export class EpochBatches {
  private order: Uint32Array;
  private pos: number;
  private readonly rng: AgentRng;
  private readonly x1: Float32Array;
  private readonly rewards: Float32Array;

  constructor(private readonly data: ToyDataset, private readonly size: number, seed: number) {
    this.rng = new AgentRng(seed);
    this.order = new Uint32Array(data.size);
    this.pos = data.size; // forces a shuffle on the first call
    this.x1 = new Float32Array(size * 2);
    this.rewards = new Float32Array(size);
  }

  next(): { x1: Float32Array; rewards: Float32Array } {
    if (this.pos + this.size > this.data.size) this.shuffle();
    for (let i = 0; i < this.size; i++) {
      const j = this.order[this.pos + i]!;
      this.x1[2 * i] = this.data.points[2 * j]!;
      this.x1[2 * i + 1] = this.data.points[2 * j + 1]!;
      this.rewards[i] = this.data.rewards[j]!;
    }
    this.pos += this.size;
    return { x1: this.x1, rewards: this.rewards };
  }

  private shuffle(): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = this.order[i]!; this.order[i] = this.order[j]!; this.order[j] = t;
    }
    this.pos = 0;
  }
}
