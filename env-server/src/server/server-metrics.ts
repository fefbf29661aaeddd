// The env server's Prometheus metrics (`qflow serve --metrics-port`). The hot path touches them once per Step
// batch (a counter and a histogram child looked up by env id once, then cached), never per env; live sessions,
// envs and worker busy time are read only when scraped.
import { Counter, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';
import type { MetricsSource } from '@qflow/proto';

export interface ServerMetricsSources {
  /** Live sessions and the envs they hold. */
  live(): { sessions: number; envs: number };
  /** Busy seconds of each worker slot since start. */
  workerBusySeconds(): number[];
}

/** Step latency buckets, in seconds: a small batch takes ~0.1 ms, a large or contended one up to seconds. */
const STEP_BUCKETS = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

interface EnvSeries {
  steps: Counter.Internal;
  latency: Histogram.Internal<'env_id'>;
}

export class ServerMetrics implements MetricsSource {
  private readonly registry = new Registry();
  private readonly envSteps: Counter<'env_id'>;
  private readonly stepSeconds: Histogram<'env_id'>;
  private readonly rejectedCalls: Counter<'code'>;
  private readonly datasetBytesCounter: Counter;
  private readonly byEnv = new Map<string, EnvSeries>();

  constructor(sources: ServerMetricsSources) {
    const registers = [this.registry];
    this.envSteps = new Counter({
      name: 'qflow_env_steps_total', help: 'Env steps taken (one per env of each Step batch), by env id', labelNames: ['env_id'], registers,
    });
    this.stepSeconds = new Histogram({
      name: 'qflow_step_batch_seconds', help: 'Time a Step batch spends in its env worker, by env id', labelNames: ['env_id'],
      buckets: STEP_BUCKETS, registers,
    });
    this.rejectedCalls = new Counter({
      name: 'qflow_rejected_requests_total',
      help: 'Calls that ended with a non-OK gRPC status, and StepStream requests answered with an error, by status code',
      labelNames: ['code'], registers,
    });
    this.datasetBytesCounter = new Counter({
      name: 'qflow_dataset_bytes_streamed_total', help: 'Tensor bytes of dataset chunks sent by ReadDataset', registers,
    });
    new Gauge({
      name: 'qflow_live_sessions', help: 'Live sessions', registers,
      collect() { this.set(sources.live().sessions); },
    });
    new Gauge({
      name: 'qflow_live_envs', help: 'Envs held by the live sessions', registers,
      collect() { this.set(sources.live().envs); },
    });
    new Counter({
      name: 'qflow_worker_busy_seconds_total',
      help: 'Seconds each env worker had a command in progress; its rate() is the worker\'s busy fraction', labelNames: ['worker'], registers,
      collect() {
        this.reset();
        sources.workerBusySeconds().forEach((seconds, worker) => this.inc({ worker: String(worker) } as LabelValues<'worker'>, seconds));
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** One Step batch of `envs` envs of `envId` that took `seconds` in its worker. */
  stepBatch(envId: string, envs: number, seconds: number): void {
    let series = this.byEnv.get(envId);
    if (!series) {
      series = { steps: this.envSteps.labels(envId), latency: this.stepSeconds.labels(envId) };
      this.byEnv.set(envId, series);
    }
    series.steps.inc(envs);
    series.latency.observe(seconds);
  }

  /** A call or stream request answered with gRPC status `code` (its name, e.g. INVALID_ARGUMENT). */
  rejected(code: string): void {
    this.rejectedCalls.inc({ code });
  }

  datasetBytes(bytes: number): void {
    this.datasetBytesCounter.inc(bytes);
  }
}
