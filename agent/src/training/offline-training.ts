// The offline training loop (docs/algorithm.md#offline-loop): for step = 1..N, sample a batch uniformly with
// replacement, do one agent update; every `logInterval` steps write the averaged metrics as a JSONL line; evaluate at
// step 1 and every `evalInterval` steps; checkpoint every `checkpointInterval` steps and at the end. Resuming from a
// checkpoint restores the agent, the sampler's RNG and the counters, so a run split in two gives the same weights as
// one run.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { replaceFile } from '../files/replace-file.js';
import { BatchSampler } from './batch-sampler.js';
import { saveCheckpoint, type Checkpoint } from '../checkpoints/checkpoint.js';
import { MetricsAverager, MetricsLog, type MetricsRecord } from '../reports/metrics-log.js';
import { readMetricSeries, renderLearningCurves } from '../reports/learning-curves.js';
import { ProgressBar, type ProgressStream } from '../reports/progress-bar.js';
import type { TrainableAgent } from '../algorithms/agent.js';
import type { TransitionDataset } from './transition-dataset.js';

export interface OfflineTrainingOptions {
  agent: TrainableAgent;
  dataset: TransitionDataset;
  /** Total number of updates of the run (a resumed run continues up to this number). */
  steps: number;
  batchSize: number;
  /** Seeds the batch sampler (ignored when resuming: the checkpoint's RNG state is used). */
  seed: number;
  outDir: string;
  logInterval: number;
  /** 0 disables evaluation. */
  evalInterval: number;
  /** Also evaluate at these steps (e.g. a study's budgets), whatever evalInterval is. */
  evalSteps?: readonly number[];
  /** 0 writes a checkpoint only at the end. */
  checkpointInterval: number;
  /** Called at step 1 and every evalInterval steps; returns scalar metrics (e.g. success). */
  evaluate?: (agent: TrainableAgent, step: number) => Promise<Record<string, number>>;
  resume?: Checkpoint;
  /** Settings stored in every checkpoint (so `--resume` can rebuild the run). */
  config: Record<string, unknown>;
  progress?: ProgressStream | false;
  /** When aborted (e.g. on Ctrl-C), the loop stops after the current update and writes a checkpoint. */
  signal?: AbortSignal;
  /** Sees every metrics.jsonl record as it is written. */
  onRecord?: (record: MetricsRecord) => void;
}

export interface OfflineTrainingResult {
  step: number;
  checkpointPath: string;
  metricsPath: string;
  curvesPath: string;
  lastMetrics: Record<string, number>;
  updatesPerSec: number;
  /** True when the run stopped early through `signal`. */
  interrupted: boolean;
}

export const CHECKPOINT_FILE = 'checkpoint.msgpack';
export const METRICS_FILE = 'metrics.jsonl';
export const CURVES_FILE = 'learning-curves.svg';

export async function trainOffline(opts: OfflineTrainingOptions): Promise<OfflineTrainingResult> {
  validate(opts);
  const { agent, dataset, outDir } = opts;
  mkdirSync(outDir, { recursive: true });
  const sampler = new BatchSampler(opts.batchSize, dataset.obsDim, dataset.actDim, opts.seed);
  let step = 0;
  let elapsedBefore = 0;
  if (opts.resume) {
    agent.setState(opts.resume.agent);
    sampler.setRngState(opts.resume.samplerRng);
    step = opts.resume.loop.step;
    elapsedBefore = opts.resume.loop.elapsedSec;
  }
  const log = new MetricsLog(join(outDir, METRICS_FILE), opts.onRecord);
  const checkpointPath = join(outDir, CHECKPOINT_FILE);
  const averager = new MetricsAverager();
  const bar = opts.progress === false ? undefined : new ProgressBar(opts.steps, `train ${agent.kind}`, opts.progress);
  const started = performance.now();
  let windowStart = started;
  let windowSteps = 0;
  let lastMetrics: Record<string, number> = {};
  const elapsed = () => elapsedBefore + (performance.now() - started) / 1000;
  const checkpoint = async () => {
    saveCheckpoint(checkpointPath, {
      agent: await agent.getState(),
      samplerRng: sampler.getRngState(),
      loop: { step, elapsedSec: elapsed() },
      config: opts.config,
    });
    log.write({ type: 'checkpoint', step, path: checkpointPath });
  };

  while (step < opts.steps && !opts.signal?.aborted) {
    const metrics = await agent.update(sampler.sample(dataset));
    step++;
    windowSteps++;
    averager.add(metrics);
    if (step % opts.logInterval === 0 || step === opts.steps) {
      const now = performance.now();
      const updatesPerSec = (windowSteps * 1000) / Math.max(now - windowStart, 1e-3);
      lastMetrics = averager.flush();
      log.write({ type: 'train', step, updatesPerSec, elapsedSec: elapsed(), ...lastMetrics });
      bar?.update(step, updatesPerSec, summary(lastMetrics));
      windowStart = now;
      windowSteps = 0;
      // On CPU backends an update settles without yielding to the event loop: let signal handlers (Ctrl-C) and
      // I/O run between log lines.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (opts.evaluate && isEvalStep(step, opts)) {
      const evalMetrics = await opts.evaluate(agent, step);
      log.write({ type: 'eval', step, ...evalMetrics });
    }
    if (opts.checkpointInterval > 0 && step % opts.checkpointInterval === 0 && step < opts.steps) await checkpoint();
  }
  await checkpoint();
  bar?.finish();
  const curvesPath = join(outDir, CURVES_FILE);
  replaceFile(curvesPath, renderLearningCurves(readMetricSeries(log.path), `${agent.kind}: learning curves (${step} updates)`));
  const totalSec = (performance.now() - started) / 1000;
  const done = step - (opts.resume?.loop.step ?? 0);
  return {
    step, checkpointPath, metricsPath: log.path, curvesPath, lastMetrics, updatesPerSec: done / Math.max(totalSec, 1e-9),
    interrupted: step < opts.steps,
  };
}

function isEvalStep(step: number, o: Pick<OfflineTrainingOptions, 'evalInterval' | 'evalSteps'>): boolean {
  if (o.evalSteps?.includes(step)) return true;
  return o.evalInterval > 0 && (step === 1 || step % o.evalInterval === 0);
}

function validate(o: OfflineTrainingOptions): void {
  const positive: [string, number][] = [['steps', o.steps], ['batchSize', o.batchSize], ['logInterval', o.logInterval]];
  for (const [name, v] of positive) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`trainOffline: ${name} must be an integer >= 1, got ${v}`);
  }
  for (const [name, v] of [['evalInterval', o.evalInterval], ['checkpointInterval', o.checkpointInterval]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`trainOffline: ${name} must be an integer >= 0, got ${v}`);
  }
  if (o.dataset.size === 0) throw new Error('trainOffline: the dataset is empty');
  if (o.dataset.obsDim !== o.agent.obsDim || o.dataset.actDim !== o.agent.actDim) {
    throw new Error(`trainOffline: dataset dims (obs ${o.dataset.obsDim}, act ${o.dataset.actDim}) differ from the ` +
      `agent's (obs ${o.agent.obsDim}, act ${o.agent.actDim})`);
  }
  if (o.resume && o.resume.loop.step > o.steps) {
    throw new Error(`trainOffline: the checkpoint is at step ${o.resume.loop.step}, beyond --steps ${o.steps}`);
  }
}

/** A short "name=value" summary of the loss metrics for the progress bar. */
function summary(m: Record<string, number>): string {
  return Object.entries(m)
    .filter(([k]) => /loss/i.test(k))
    .slice(0, 3)
    .map(([k, v]) => `${k}=${v.toPrecision(3)}`)
    .join(' ');
}
