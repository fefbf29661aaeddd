// The load benchmark (`npm run bench:load`): N client processes × M envs step for T seconds against a `qflow
// serve` on loopback (half over StepStream, half over unary Step, one request in flight each): env steps/s,
// p50/p99 latency, errors, server RSS before/peak/after. Then the same run on a fresh server while one extra
// process sends hostile requests; the well-behaved clients' throughput and p99 are compared with the clean run
// (target: within 20%, zero errors). With --pairs K the clean/hostile pair runs K times, alternating which
// comes first, and the median ratios are reported (a shared machine's load drifts from run to run). With
// --control each pair also has a run whose extra process only keeps a CPU busy: what one more busy thread costs
// on this machine, to tell CPU contention from unfairness of the server. Prints a table per pair and writes
// bench/results/load-<timestamp>.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, positiveInt } from './bench-args.js';
import type { HostileReport } from './hostile-client.js';
import type { LoadClientReport } from './load-client.js';
import { ServedProcess } from './served-process.js';

const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const CLIENT = fileURLToPath(new URL('./load-client.js', import.meta.url));
const HOSTILE = fileURLToPath(new URL('./hostile-client.js', import.meta.url));
const CPU_HOG = fileURLToPath(new URL('./cpu-hog-client.js', import.meta.url));
const TOLERANCE = 0.2;
const HELP = `usage: npm run bench:load [-- options]

N client processes x M envs step for T seconds against a qflow serve on loopback (half StepStream, half unary
Step); then the same on a fresh server while one more process sends hostile requests (100 kB names, a message
over the size limit, sessions that fill memory, absurd leases). Reports env steps/s, p50/p99 latency, errors,
server RSS before/peak/after, and the well-behaved clients' throughput and p99 under attack relative to the
clean run (target: within ${TOLERANCE * 100}%, zero errors). Writes bench/results/load-<timestamp>.json.

options:
  --clients N    well-behaved client processes (default 4)
  --envs M       envs in each client's session (default 8)
  --seconds T    stepping time of each run (default 10)
  --workers W    server worker threads (default 2)
  --pairs K      clean/hostile pairs, alternating which runs first; median ratios reported (default 1)
  --control      also a run per pair whose extra process only keeps one CPU busy (sends nothing): what an
                 extra busy thread costs the clients on this machine, apart from anything the server does
  --env-id ID    env the clients step (default antmaze-large-singletask-task1-v0)
  -h, --help     show this help`;

interface Flags { clients: number; envs: number; seconds: number; workers: number; envId: string; pairs: number; control: boolean }

interface RunResult {
  name: 'clean' | 'hostile' | 'cpu-hog';
  envStepsPerSec: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError?: string;
  rssMb: { before: number; peak: number; after: number };
  /** CPU seconds the server process used while the clients stepped. */
  serverCpuSeconds: number;
  /** Load average (1 min) when the run started. */
  loadAverage: number;
  hostile?: { rounds: number; cpuSeconds: number; outcomes: HostileReport };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** A child that prints "ready", waits for "go" on stdin, and prints one JSON line when done. */
class ClientProcess {
  private readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';
  readonly ready: Promise<void>;
  readonly done: Promise<string>;

  constructor(script: string, args: string[]) {
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.stdout += d));
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    const exited = new Promise<number | null>((resolve) => this.child.once('close', resolve)); // after stdout is drained
    this.ready = new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        if (this.stdout.includes('ready')) { clearInterval(poll); resolve(); }
      }, 20);
      void exited.then((code) => { clearInterval(poll); reject(new Error(`${script} exited (${code}) before ready: ${this.stderr}`)); });
    });
    this.done = exited.then((code) => {
      const last = this.stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) throw new Error(`${script} exited ${code}: ${this.stderr.slice(-1000)}`);
      return last;
    });
  }

  go(): void {
    this.child.stdin!.end('go\n');
  }
}

async function run(name: RunResult['name'], flags: Flags): Promise<RunResult> {
  const server = await ServedProcess.start(['--workers', String(flags.workers)]);
  try {
    const clients = Array.from({ length: flags.clients }, (_, i) =>
      new ClientProcess(CLIENT, [server.address, flags.envId, String(flags.envs), String(flags.seconds), i % 2 ? 'unary' : 'stream']));
    const hostile = name === 'hostile' ? new ClientProcess(HOSTILE, [server.address, flags.envId, String(flags.seconds)])
      : name === 'cpu-hog' ? new ClientProcess(CPU_HOG, [String(flags.seconds)]) : undefined;
    const all = hostile ? [...clients, hostile] : clients;
    await Promise.all(all.map((c) => c.ready));
    const before = server.rssMb();
    const loadAverage = loadavg()[0]!;
    const cpuBefore = server.cpuSeconds();
    const stopSampling = server.sampleRss(100);
    for (const c of all) c.go();
    const reports = (await Promise.all(clients.map((c) => c.done))).map((line) => JSON.parse(line) as LoadClientReport);
    const hostileReport = hostile ? JSON.parse(await hostile.done) as RunResult['hostile'] : undefined;
    const peak = stopSampling();
    const serverCpuSeconds = server.cpuSeconds() - cpuBefore;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    return {
      name,
      envStepsPerSec: reports.reduce((n, r) => n + r.envSteps, 0) / flags.seconds,
      requests: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      errors: reports.reduce((n, r) => n + r.errors, 0),
      firstError: reports.find((r) => r.firstError)?.firstError,
      rssMb: { before, peak, after: server.rssMb() },
      serverCpuSeconds,
      loadAverage,
      hostile: hostileReport,
    };
  } finally {
    await server.stop();
  }
}

function parseFlags(argv: string[]): Flags | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      clients: { type: 'string', default: '4' },
      envs: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '10' },
      workers: { type: 'string', default: '2' },
      'env-id': { type: 'string', default: 'antmaze-large-singletask-task1-v0' },
      pairs: { type: 'string', default: '1' },
      control: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    clients: positiveInt('clients', values.clients),
    envs: positiveInt('envs', values.envs),
    seconds: positiveInt('seconds', values.seconds),
    workers: positiveInt('workers', values.workers),
    envId: values['env-id'],
    pairs: positiveInt('pairs', values.pairs),
    control: values.control,
  };
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** Hostile vs clean throughput and p99 ratios, and the well-behaved clients' errors under attack, judged. */
function ratioLine(what: string, throughput: number, p99: number, errors: number): string {
  return `${what}: throughput x${throughput.toFixed(2)} (target >= ${1 - TOLERANCE}: ${verdict(throughput >= 1 - TOLERANCE)}), `
    + `p99 x${p99.toFixed(2)} (target <= ${1 + TOLERANCE}: ${verdict(p99 <= 1 + TOLERANCE)}), `
    + `errors ${errors} (target 0: ${verdict(errors === 0)})`;
}

interface Pair { clean: RunResult; hostile: RunResult; control?: RunResult }

const ratios = (run: RunResult, clean: RunResult) => ({ throughput: run.envStepsPerSec / clean.envStepsPerSec, p99: run.p99Ms / clean.p99Ms });

function table(flags: Flags, { clean, hostile, control }: Pair): string {
  const mb = (x: number) => x.toFixed(0);
  const row = (r: RunResult) => [
    r.name.padEnd(8), `${flags.clients}x${flags.envs}${r.name === 'clean' ? '' : '+1'}`.padStart(7),
    r.envStepsPerSec.toFixed(0).padStart(12), r.p50Ms.toFixed(2).padStart(8), r.p99Ms.toFixed(2).padStart(8), String(r.errors).padStart(7),
    `${mb(r.rssMb.before)} / ${mb(r.rssMb.peak)} / ${mb(r.rssMb.after)}`.padStart(20),
    r.serverCpuSeconds.toFixed(1).padStart(11), r.loadAverage.toFixed(2).padStart(9),
  ].join(' ');
  const attack = ratios(hostile, clean);
  const lines = [
    `${'run'.padEnd(8)} ${'clients'.padStart(7)} ${'env steps/s'.padStart(12)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} `
      + `${'RSS MB bef/peak/aft'.padStart(20)} ${'server CPU s'.padStart(11)} ${'load avg'.padStart(9)}`,
    ...[clean, hostile, control].filter((r) => r !== undefined).map(row),
    ratioLine('under attack vs clean', attack.throughput, attack.p99, hostile.errors),
  ];
  if (control) {
    const hog = ratios(control, clean);
    lines.push(`cpu-hog vs clean (one extra busy process, ${control.hostile!.cpuSeconds.toFixed(1)} CPU s, no requests): `
      + `throughput x${hog.throughput.toFixed(2)}, p99 x${hog.p99.toFixed(2)}`);
  }
  if (hostile.firstError) lines.push(`first error of a well-behaved client under attack: ${hostile.firstError}`);
  if (hostile.hostile) {
    lines.push(`hostile client: ${hostile.hostile.rounds} rounds, ${hostile.hostile.cpuSeconds.toFixed(1)} CPU s of its own; answers:`);
    for (const [name, outcomes] of Object.entries(hostile.hostile.outcomes)) {
      lines.push(`  ${name.padEnd(34)} ${Object.entries(outcomes).map(([code, n]) => `${code} ${n}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}

/** Runs one pair (clean, hostile, and the control when asked for), in reverse order when `reversed`. */
async function runPair(flags: Flags, reversed: boolean): Promise<Pair> {
  const names: RunResult['name'][] = ['clean', 'hostile', ...(flags.control ? ['cpu-hog' as const] : [])];
  if (reversed) names.reverse();
  const runs = new Map<string, RunResult>();
  for (const name of names) runs.set(name, await run(name, flags));
  return { clean: runs.get('clean')!, hostile: runs.get('hostile')!, control: runs.get('cpu-hog') };
}

async function main(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    console.error(`bench:load: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!flags) {
    console.log(HELP);
    return 0;
  }
  const loadBefore = loadavg()[0]!;
  console.log(`bench:load: ${flags.clients} clients x ${flags.envs} envs of ${flags.envId}, ${flags.seconds} s per run, ${flags.workers} workers, `
    + `${flags.pairs} pair(s); ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(2)}`);
  const pairs = [];
  for (let i = 0; i < flags.pairs; i++) {
    const pair = await runPair(flags, i % 2 === 1);
    if (flags.pairs > 1) console.log(`pair ${i + 1} of ${flags.pairs} (${i % 2 === 1 ? 'reversed order' : 'clean run first'}):`);
    console.log(table(flags, pair));
    pairs.push({ ...pair, ratios: ratios(pair.hostile, pair.clean), controlRatios: pair.control && ratios(pair.control, pair.clean) });
  }
  const medians = { throughput: median(pairs.map((p) => p.ratios.throughput)), p99: median(pairs.map((p) => p.ratios.p99)) };
  const errors = pairs.reduce((n, p) => n + p.hostile.errors, 0);
  if (flags.pairs > 1) console.log(ratioLine(`median of ${flags.pairs} pairs`, medians.throughput, medians.p99, errors));
  const controls = pairs.flatMap((p) => p.controlRatios ?? []);
  if (flags.pairs > 1 && controls.length) {
    console.log(`median of ${flags.pairs} pairs, cpu-hog vs clean: throughput x${median(controls.map((r) => r.throughput)).toFixed(2)}, `
      + `p99 x${median(controls.map((r) => r.p99)).toFixed(2)}`);
  }
  const loadAfter = loadavg()[0]!;
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}load-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const result = { flags, machine: { cpus: availableParallelism(), loadBefore, loadAfter }, pairs, medianRatios: medians, tolerance: TOLERANCE };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
