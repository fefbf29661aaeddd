// A progress line on stderr for long CLI jobs (generation, expert evaluation): redrawn in place on a terminal, one
// line per 10% otherwise.

/** Returns the function to call with the amount done so far (out of `total` `unit`s; the rate is shown per second). */
export function progressLine(label: string, total: number, unit: string, rateUnit: string): (done: number) => void {
  const started = Date.now();
  let lastDecile = -1;
  return (done) => {
    const fraction = done / total;
    const rate = done / Math.max((Date.now() - started) / 1000, 1e-3);
    const bar = '#'.repeat(Math.round(fraction * 30)).padEnd(30, '.');
    const line = `${label} [${bar}] ${(fraction * 100).toFixed(1).padStart(5)}% ${done}/${total} ${unit} ${rate.toFixed(rate < 10 ? 2 : 0)} ${rateUnit}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
    } else if (Math.floor(fraction * 10) !== lastDecile) {
      lastDecile = Math.floor(fraction * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}
