// A download progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise.

export interface ProgressSink {
  update(done: number, total: number | undefined): void;
  finish(): void;
}

const MB = 1024 * 1024;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const started = Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  const line = (done: number, total: number | undefined): string => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const rate = `${(done / MB / seconds).toFixed(1)} MB/s`;
    if (!total) return `${label} ${(done / MB).toFixed(1)} MB ${rate}`;
    const fraction = Math.min(done / total, 1);
    const filled = Math.round(fraction * 30);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ` +
      `${(done / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB ${rate}`;
  };
  return {
    update(done, total) {
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && done !== total) return;
        lastDraw = now;
        stream.write(`\r${line(done, total)}\x1b[K`);
        return;
      }
      const decile = total ? Math.floor((10 * done) / total) : Math.floor(done / (100 * MB));
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${line(done, total)}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

export const silentProgress: ProgressSink = { update() {}, finish() {} };
