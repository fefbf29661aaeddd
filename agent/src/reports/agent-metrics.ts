// The agent's Prometheus metrics (`qflow train --metrics-port`): the figures of its metrics.jsonl, as the run
// writes them. The latest train and eval line of each phase become gauges (one series per numeric field: env
// steps, env steps/s, env step latency, live servers and envs, lost episodes, dropped transitions, losses, success
// ...), and each info event is counted. Nothing is computed here, so the endpoint and the JSONL always agree.
import { Counter, Gauge, Registry } from 'prom-client';
import type { MetricsSource } from '@qflow/proto';
import type { MetricsRecord } from './metrics-log.js';

/** JSONL fields that are not figures. */
const NOT_FIGURES = new Set(['type', 'phase', 'event', 'path', 'time']);

export class AgentMetrics implements MetricsSource {
  private readonly registry = new Registry();
  private readonly train: Gauge<'phase' | 'metric'>;
  private readonly evaluation: Gauge<'phase' | 'metric'>;
  private readonly events: Counter<'event'>;

  constructor() {
    const registers = [this.registry];
    this.train = new Gauge({
      name: 'qflow_agent_train', help: 'Latest train line of metrics.jsonl, one series per numeric field', labelNames: ['phase', 'metric'], registers,
    });
    this.evaluation = new Gauge({
      name: 'qflow_agent_eval', help: 'Latest eval line of metrics.jsonl, one series per numeric field', labelNames: ['phase', 'metric'], registers,
    });
    this.events = new Counter({
      name: 'qflow_agent_events_total', help: 'Info events of metrics.jsonl (e.g. episodes-lost), weighted by their count', labelNames: ['event'], registers,
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Takes one metrics.jsonl record. */
  record(record: MetricsRecord): void {
    if (record.type === 'info') {
      this.events.inc({ event: String(record.event ?? 'unknown') }, typeof record.count === 'number' ? record.count : 1);
      return;
    }
    const gauge = record.type === 'train' ? this.train : record.type === 'eval' ? this.evaluation : undefined;
    if (!gauge) return;
    const phase = typeof record.phase === 'string' ? record.phase : 'offline';
    for (const [metric, value] of Object.entries(record)) {
      if (!NOT_FIGURES.has(metric) && typeof value === 'number' && Number.isFinite(value)) gauge.set({ phase, metric }, value);
    }
  }
}
