// `qflow serve` as a child process for benchmarks and tests: start on a free loopback port, read its resident
// memory, CPU time and stderr, stop it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const QFLOW = fileURLToPath(new URL('../../../bin/qflow.js', import.meta.url));
/** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

export class ServedProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly address: string,
    private readonly output: { stdout: string; stderr: string },
    /** The viewer page's URL, when started with --viewer-port. */
    readonly viewerUrl?: string,
  ) {}

  /** What the server has written to stdout so far (its "listening on", "metrics on" and "viewer at" lines). */
  stdout(): string {
    return this.output.stdout;
  }

  /** What the server has written to stderr so far. */
  stderr(): string {
    return this.output.stderr;
  }

  static async start(args: string[]): Promise<ServedProcess> {
    const child = spawn(process.execPath, [QFLOW, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stderr!.on('data', (d) => (output.stderr += d));
    const wantsViewer = args.includes('--viewer-port');
    const [address, viewerUrl] = await new Promise<[string, string | undefined]>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        output.stdout += d;
        const listening = /listening on (\S+)/.exec(output.stdout);
        const viewer = /viewer at (\S+)/.exec(output.stdout);
        if (listening && (viewer || !wantsViewer)) resolve([listening[1]!, viewer?.[1]]);
      });
      child.once('exit', (code) => reject(new Error(`qflow serve exited early (${code}): ${output.stderr}`)));
    });
    return new ServedProcess(child, address, output, viewerUrl);
  }

  /** Resident set size in MB (Linux /proc; NaN elsewhere or once the process is gone). */
  rssMb(): number {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  /** CPU seconds (user + system) the process has used (Linux /proc; NaN elsewhere or once it is gone). */
  cpuSeconds(): number {
    try {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return NaN;
    }
  }

  /** Samples rssMb every `intervalMs` until the returned stop() is called; stop() resolves with the peak. */
  sampleRss(intervalMs: number): () => number {
    let peak = this.rssMb();
    const timer = setInterval(() => { peak = Math.max(peak, this.rssMb()); }, intervalMs);
    return () => {
      clearInterval(timer);
      return Math.max(peak, this.rssMb());
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
