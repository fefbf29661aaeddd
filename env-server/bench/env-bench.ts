// The env server benchmark (`npm run bench:env`), on antmaze-large:
//  (a) bare mj_step loop (physics ceiling)           (b) env.step() in process
//  (c) env steps/s over gRPC, batches 1/16/64, unary and streaming, vs (b)
//  (d) 2 workers vs 1 worker on two 64-env sessions  (e) single-env round trip from another process, minus (b)
// Prints one table and writes bench/results/env-<timestamp>.json. Ratios use baselines measured in this run.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { startServer } from '../src/index.js';
import { startEchoServer } from './echo-server.js';
import { threadedEnvSteps } from './thread-scaling.js';
import { batchEnvSteps } from './batch-in-process.js';
import { closeSession, openSession, streamThroughput, unaryThroughput } from './grpc-load.js';
import { measureBareStep, measureEnvStep } from './in-process-bench.js';

const ENV_ID = 'antmaze-large-singletask-task1-v0';
const ACTION_DIM = 8;
const SUBSTEPS = 5;
const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const HELP = `usage: npm run bench:env [-- --seconds S --calls N]

Benchmarks the env server on ${ENV_ID}: (a) bare mj_step, (b) env steps in process, (c) gRPC batches
1/16/64 unary and streaming, (d) 1 vs 2 workers, (e) round-trip latency from a child process.
  --seconds S   duration of each throughput measurement (default 3)
  --calls N     round trips per latency series (default 2000)
  -h, --help    show this help`;

interface Machine {
  cpus: number;
  /** 1-minute load averages: other processes compete for the same cores. */
  loadBefore: number;
  loadAfter: number;
}

interface Row {
  id: string;
  what: string;
  value: number;
  unit: string;
  ratio?: number;
  ratioOf?: string;
  target?: string;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const percentile = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;

const ROUNDS = 5;

type Mujoco = Awaited<ReturnType<typeof loadMujoco>>;

async function inProcess(mujoco: Mujoco, seconds: number) {
  measureEnvStep(mujoco, ENV_ID, 0.3); // warm-up
  const bare: number[] = [];
  const env: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(measureBareStep(mujoco, ENV_ID, seconds / ROUNDS).physicsStepsPerSec);
    env.push(measureEnvStep(mujoco, ENV_ID, seconds / ROUNDS).envStepsPerSec);
  }
  return { barePhysics: median(bare), envSteps: median(env) };
}

/** (c): per batch size, rounds of in-process (same envs, seeds and actions) / unary / streaming. */
async function grpcBatches(mujoco: Mujoco, seconds: number): Promise<Row[]> {
  const server = await startServer({ workers: 1 });
  const rows: Row[] = [];
  const slice = seconds / ROUNDS;
  try {
    for (const batch of [1, 16, 64]) {
      const session = await openSession(server.address, ENV_ID, batch, ACTION_DIM);
      await unaryThroughput(session, 0.3); // warm-up
      const local: number[] = [];
      const unary: number[] = [];
      const stream: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        local.push(batchEnvSteps(mujoco, ENV_ID, batch, slice));
        unary.push(await unaryThroughput(session, slice));
        stream.push(await streamThroughput([session], slice));
      }
      await closeSession(session);
      const base = median(local);
      const target = batch === 64 ? '≥ 0.8' : undefined;
      const of = `(b) batch ${batch}`;
      rows.push({ id: 'c', what: `in process, batch ${batch} (baseline)`, value: base, unit: 'env steps/s' });
      rows.push({ id: 'c', what: `gRPC unary, batch ${batch}`, value: median(unary), unit: 'env steps/s', ratio: median(unary) / base, ratioOf: of, target });
      rows.push({ id: 'c', what: `gRPC stream, batch ${batch}`, value: median(stream), unit: 'env steps/s', ratio: median(stream) / base, ratioOf: of, target });
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** (d): a 1-worker and a 2-worker server side by side, measured in alternating rounds. */
async function workerScaling(seconds: number): Promise<Row[]> {
  const servers = [await startServer({ workers: 1 }), await startServer({ workers: 2 })];
  const rates: number[][] = [[], []];
  try {
    const sessions = await Promise.all(servers.map((server) =>
      Promise.all([0, 1].map(() => openSession(server.address, ENV_ID, 64, ACTION_DIM)))));
    for (const s of sessions) await streamThroughput(s, 0.3);
    for (let round = 0; round < ROUNDS; round++) {
      for (let w = 0; w < 2; w++) rates[w]!.push(await streamThroughput(sessions[w]!, seconds / ROUNDS));
    }
    for (const s of sessions) await Promise.all(s.map(closeSession));
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  const [one, two] = rates.map(median) as [number, number];
  // The machine's own ceiling right now: plain in-process loops on 1 and 2 threads.
  const loops = [await threadedEnvSteps(ENV_ID, 1, seconds / 2), await threadedEnvSteps(ENV_ID, 2, seconds / 2)];
  return [
    { id: 'd', what: '1 worker, 2×64 envs streaming', value: one, unit: 'env steps/s' },
    { id: 'd', what: '2 workers, 2×64 envs streaming', value: two, unit: 'env steps/s', ratio: two / one, ratioOf: '1 worker', target: '≥ 1.7' },
    { id: 'd', what: 'ceiling: 2 vs 1 plain threads, no gRPC', value: loops[1]!, unit: 'env steps/s', ratio: loops[1]! / loops[0]!, ratioOf: '1 thread' },
  ];
}

type Latencies = Record<'inProcess' | 'echo' | 'baseline' | 'unary' | 'streaming', number[]>;

async function childLatencies(address: string, echoAddress: string, calls: number): Promise<Latencies> {
  const client = fileURLToPath(new URL('./latency-client.js', import.meta.url));
  const child = spawn(process.execPath, [client, address, echoAddress, ENV_ID, String(calls)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`latency client exited with ${code}`);
  return JSON.parse(out);
}

async function latency(calls: number): Promise<Row[]> {
  const server = await startServer({ workers: 1 });
  const echo = await startEchoServer();
  try {
    const times = await childLatencies(server.address, echo.address, calls);
    // The typical step cost is subtracted from both percentiles (percentiles of a difference are not differences).
    const stepMs = percentile(times.inProcess, 50);
    const rows: Row[] = [
      { id: 'e', what: 'in-process env step p50 (subtracted)', value: stepMs, unit: 'ms' },
      { id: 'e', what: 'plain grpc-js stream echo p50', value: percentile(times.echo, 50), unit: 'ms' },
      { id: 'e', what: 'unary GetServerInfo p50 (no worker)', value: percentile(times.baseline, 50), unit: 'ms' },
    ];
    for (const kind of ['unary', 'streaming'] as const) {
      for (const p of [50, 99]) {
        rows.push({
          id: 'e', what: `${kind} round trip p${p} − step p50`, value: percentile(times[kind], p) - stepMs, unit: 'ms',
          target: kind === 'streaming' && p === 50 ? '≤ 0.15 ms' : undefined,
        });
      }
    }
    return rows;
  } finally {
    echo.close();
    await server.close();
  }
}

function formatValue(row: Row): string {
  return row.unit === 'ms' ? row.value.toFixed(3) : row.value.toFixed(0);
}

function printTable(rows: Row[], machine: Machine): void {
  console.log(`env server benchmark: ${ENV_ID}; ${machine.cpus} CPUs, load average ${machine.loadBefore.toFixed(1)} before, ${machine.loadAfter.toFixed(1)} after`);
  console.log(`${'id'.padEnd(3)} ${'measurement'.padEnd(40)} ${'value'.padStart(10)} ${'unit'.padEnd(16)} ${'ratio'.padEnd(24)} target`);
  for (const row of rows) {
    const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(3)} of ${row.ratioOf}`;
    console.log(`${row.id.padEnd(3)} ${row.what.padEnd(40)} ${formatValue(row).padStart(10)} ${row.unit.padEnd(16)} ${ratio.padEnd(24)} ${row.target ?? ''}`);
  }
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: {
      seconds: { type: 'string', default: '3' }, calls: { type: 'string', default: '2000' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (error) {
    console.error(`env-bench: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const seconds = Number(values.seconds);
  const calls = Number(values.calls);
  if (!(seconds > 0) || !Number.isInteger(calls) || calls < 1) {
    console.error(`env-bench: --seconds must be > 0 and --calls a positive integer, got '${values.seconds}' and '${values.calls}'`);
    return 2;
  }
  const loadBefore = loadavg()[0]!;
  const mujoco = await loadMujoco();
  const { barePhysics, envSteps } = await inProcess(mujoco, seconds);
  const rows: Row[] = [
    { id: 'a', what: 'bare mj_step loop', value: barePhysics, unit: 'physics steps/s' },
    { id: 'b', what: 'env.step() in process', value: envSteps, unit: 'env steps/s' },
    { id: 'b', what: 'env.step() in physics steps', value: envSteps * SUBSTEPS, unit: 'physics steps/s', ratio: (envSteps * SUBSTEPS) / barePhysics, ratioOf: '(a)', target: '≥ 0.85' },
    ...await grpcBatches(mujoco, seconds),
    ...await workerScaling(seconds),
    ...await latency(calls),
  ];
  const machine: Machine = { cpus: availableParallelism(), loadBefore, loadAfter: loadavg()[0]! };
  printTable(rows, machine);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}env-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ envId: ENV_ID, seconds, calls, node: process.version, machine, rows }, null, 2));
  console.log(`wrote ${file}`);
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
