// The cost of `qflow serve --metrics-port` on env steps/s (`npm run bench:metrics`): three `qflow serve` processes,
// two without the metrics endpoint (the second one is a control: its ratio to the first is this machine's noise
// floor) and one with it (scraped every second while it works, more often than a Prometheus would), are stepped
// by this process in interleaved blocks of unary Step calls in rotating order, so all see the same machine load.
// Small sessions show the per-batch cost at its largest. Besides wall-clock env steps/s (which a loaded shared
// machine blurs), each server's CPU seconds per env step (from /proc) are compared: the server's own cost, far less
// sensitive to what else runs. Prints both per session size and writes bench/results/metrics-overhead-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { credentials } from '@grpc/grpc-js';
import { EnvironmentServiceClient, encodeTensor, type CreateSessionResponse } from '@qflow/proto';
import { ServerMetrics } from '../src/server/server-metrics.js';
import { median, positiveInt } from './bench-args.js';
import { ServedProcess } from './served-process.js';

const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const HELP = `usage: npm run bench:metrics [-- options]

Env steps/s of a qflow serve with --metrics-port (scraped every second) relative to one without, and of a second
one without (the noise floor), stepped in interleaved blocks by one client. Writes bench/results/metrics-overhead-<timestamp>.json.

options:
  --seconds T    stepping time per server and session size (default 10)
  --envs LIST    session sizes, comma-separated (default 1,16)
  --env-id ID    env stepped (default cube-single-play-singletask-task1-v0)
  -h, --help     show this help`;

const BLOCK_CALLS = 50;

function call<Res>(fn: (callback: (error: Error | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

interface Stepper { client: EnvironmentServiceClient; request: object; numEnvs: number }

async function stepper(address: string, envId: string, numEnvs: number): Promise<Stepper> {
  const client = new EnvironmentServiceClient(address, credentials.createInsecure());
  const { sessionId, spec } = await call<CreateSessionResponse>((cb) =>
    client.createSession({ envId, numEnvs, seed: 5n, leaseSeconds: 0, taskId: 0, disableAutoReset: false }, cb));
  await call((cb) => client.reset({ sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true }, cb));
  const dim = spec!.action!.shape[0]!;
  const actions = encodeTensor(Float32Array.from({ length: numEnvs * dim }, (_, i) => Math.sin(i) * 0.5), [numEnvs, dim]);
  return { client, numEnvs, request: { sessionId, envIds: [], actions, sequence: 0n, renderPoses: false } };
}

/** Seconds one block of BLOCK_CALLS Step calls takes. */
async function block(s: Stepper): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < BLOCK_CALLS; i++) await call((cb) => s.client.step(s.request as never, cb));
  return (performance.now() - t0) / 1000;
}

interface SizeResult {
  numEnvs: number;
  plainStepsPerSec: number;
  controlStepsPerSec: number;
  meteredStepsPerSec: number;
  /** Server CPU microseconds per env step. */
  plainCpuUsPerStep: number;
  controlCpuUsPerStep: number;
  meteredCpuUsPerStep: number;
  /** metered / plain and control / plain over the whole run, and the median of the per-round ratios. */
  ratio: number;
  controlRatio: number;
  medianRoundRatio: number;
  medianRoundControlRatio: number;
}

async function measure(servers: ServedProcess[], metricsUrl: string, envId: string, numEnvs: number, seconds: number): Promise<SizeResult> {
  const steppers = await Promise.all(servers.map((server) => stepper(server.address, envId, numEnvs)));
  for (const s of steppers) await block(s);
  const cpuBefore = servers.map((server) => server.cpuSeconds());
  const scraper = setInterval(() => void fetch(metricsUrl).then((r) => r.text()), 1000);
  const time = [0, 0, 0];
  const rounds: number[][] = [];
  try {
    for (let k = 0; time.reduce((a, b) => a + b) < 3 * seconds; k++) {
      // Rotate which server goes first, so none always follows another's burst.
      const round = [0, 0, 0];
      for (let j = 0; j < 3; j++) {
        const which = (k + j) % 3;
        round[which] = await block(steppers[which]!);
        time[which] += round[which]!;
      }
      rounds.push(round);
    }
  } finally {
    clearInterval(scraper);
    for (const s of steppers) s.client.close();
  }
  const steps = rounds.length * BLOCK_CALLS * numEnvs;
  const [plainCpu, controlCpu, meteredCpu] = servers.map((server, i) => ((server.cpuSeconds() - cpuBefore[i]!) / steps) * 1e6) as [number, number, number];
  const [plain, control, metered] = time as [number, number, number];
  return {
    plainCpuUsPerStep: plainCpu, controlCpuUsPerStep: controlCpu, meteredCpuUsPerStep: meteredCpu,
    numEnvs, plainStepsPerSec: steps / plain, controlStepsPerSec: steps / control, meteredStepsPerSec: steps / metered,
    ratio: plain / metered, controlRatio: plain / control,
    medianRoundRatio: median(rounds.map((r) => r[0]! / r[2]!)), medianRoundControlRatio: median(rounds.map((r) => r[0]! / r[1]!)),
  };
}

/** Nanoseconds one Step batch's metrics update takes (what the hot path adds), timed in this process. */
function updateNanoseconds(): number {
  const metrics = new ServerMetrics({ live: () => ({ sessions: 0, envs: 0 }), workerBusySeconds: () => [] });
  const calls = 1_000_000;
  const run = () => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      metrics.stepBatch('cube-single-play-singletask-task1-v0', 16, (performance.now() - started) / 1000);
    }
    return ((performance.now() - t0) * 1e6) / calls;
  };
  run();
  return median([run(), run(), run()]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' }, envs: { type: 'string', default: '1,16' },
      'env-id': { type: 'string', default: 'cube-single-play-singletask-task1-v0' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const seconds = positiveInt('seconds', values.seconds);
  const sizes = values.envs.split(',').map((s) => positiveInt('envs', s.trim()));
  const plain = await ServedProcess.start(['--workers', '1']);
  const control = await ServedProcess.start(['--workers', '1']);
  const metered = await ServedProcess.start(['--workers', '1', '--metrics-port', '0']);
  const metricsUrl = await new Promise<string>((resolve) => {
    const poll = () => {
      const m = /metrics on (\S+)/.exec(metered.stdout());
      if (m) resolve(m[1]!);
      else setTimeout(poll, 50);
    };
    poll();
  });
  const results: SizeResult[] = [];
  try {
    for (const numEnvs of sizes) {
      results.push(await measure([plain, control, metered], metricsUrl, values['env-id'], numEnvs, seconds));
    }
  } finally {
    await Promise.all([plain.stop(), control.stop(), metered.stop()]);
  }
  console.log(`metrics overhead: ${values['env-id']}, unary Step, ${seconds} s per server and size, blocks of ${BLOCK_CALLS} calls interleaved`);
  console.log('| envs per Step | steps/s without / control / with | with ÷ without (median round) | control ÷ without (median round) | server CPU µs per step without / control / with | CPU with ÷ without | CPU control ÷ without |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.numEnvs} | ${r.plainStepsPerSec.toFixed(0)} / ${r.controlStepsPerSec.toFixed(0)} / ${r.meteredStepsPerSec.toFixed(0)} | ` +
      `${r.ratio.toFixed(3)} (${r.medianRoundRatio.toFixed(3)}) | ${r.controlRatio.toFixed(3)} (${r.medianRoundControlRatio.toFixed(3)}) | ` +
      `${r.plainCpuUsPerStep.toFixed(0)} / ${r.controlCpuUsPerStep.toFixed(0)} / ${r.meteredCpuUsPerStep.toFixed(0)} | ` +
      `${(r.meteredCpuUsPerStep / r.plainCpuUsPerStep).toFixed(3)} | ${(r.controlCpuUsPerStep / r.plainCpuUsPerStep).toFixed(3)} |`);
  }
  const updateNs = updateNanoseconds();
  const cheapest = Math.min(...results.map((r) => r.plainCpuUsPerStep * r.numEnvs));
  console.log(`metrics update per Step batch (two clock reads, a counter, a histogram): ${updateNs.toFixed(0)} ns in-process, ` +
    `${((updateNs / 1000 / cheapest) * 100).toFixed(3)}% of the cheapest batch's server CPU above`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}metrics-overhead-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ envId: values['env-id'], seconds, blockCalls: BLOCK_CALLS, results, updateNs }, null, 2));
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
