// JSONL metrics: one JSON object per line, appended (a resumed run continues the same file).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface MetricsRecord {
  type: 'train' | 'eval' | 'checkpoint' | 'info';
  step: number;
  [key: string]: unknown;
}

export class MetricsLog {
  /** `onRecord` sees every record written (e.g. the agent's Prometheus metrics). */
  constructor(readonly path: string, private readonly onRecord?: (record: MetricsRecord) => void) {
    mkdirSync(dirname(path), { recursive: true });
  }

  write(record: MetricsRecord): void {
    appendFileSync(this.path, JSON.stringify({ ...record, time: new Date().toISOString() }) + '\n');
    this.onRecord?.(record);
  }
}

/** Running means of the scalar metrics an agent returns, reset at every log line. */
export class MetricsAverager {
  private sums = new Map<string, number>();
  private count = 0;

  add(metrics: Record<string, number>): void {
    for (const [k, v] of Object.entries(metrics)) this.sums.set(k, (this.sums.get(k) ?? 0) + v);
    this.count++;
  }

  /** The means since the last flush; empty if nothing was added. */
  flush(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.sums) out[k] = v / this.count;
    this.sums.clear();
    this.count = 0;
    return out;
  }
}
