// A progress bar on stderr: a redrawn bar on a TTY; plain lines at most every `plainEverySec` otherwise (logs).

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export class ProgressBar {
  private lastPlain = -Infinity;
  private readonly startedAt = Date.now();

  constructor(
    private readonly total: number,
    private readonly label = 'train',
    private readonly stream: ProgressStream = process.stderr,
    private readonly plainEverySec = 30,
  ) {}

  /** `done` out of `total`; `rate` in items/s; `extra` e.g. "loss=0.12". */
  update(done: number, rate: number, extra = ''): void {
    const pct = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const eta = rate > 0 ? formatDuration((this.total - done) / rate) : '?';
    const text = `${done}/${this.total} ${(pct * 100).toFixed(1)}% ${rate.toFixed(1)}/s eta ${eta} ${extra}`.trimEnd();
    if (this.stream.isTTY) {
      const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - text.length - this.label.length - 6));
      const filled = Math.round(pct * width);
      this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      return;
    }
    const now = (Date.now() - this.startedAt) / 1000;
    if (now - this.lastPlain >= this.plainEverySec || done >= this.total) {
      this.lastPlain = now;
      this.stream.write(`${this.label}: ${text}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
