// Env steps per second of humanoidmaze-medium and antsoccer-arena in process, against the ceiling of bare
// mj_step calls on the same model, same start state and same actions (so both run the same physics); then
// through gRPC at batch 64 (one worker), against the in-process rate.
// Usage: node env-server/dist/bench/locomotion-bench.js [--steps N] [--block B] [--grpc-seconds S] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import type { CompiledModel } from '../src/physics/compiled-model.js';
import { createEnv } from '../src/envs/registry.js';
import type { Env } from '../src/envs/env.js';
import type { HumanoidMazeEnv } from '../src/envs/humanoidmaze/humanoidmaze-env.js';
import type { AntSoccerEnv } from '../src/envs/antsoccer/antsoccer-env.js';
import { HUMANOID_FRAME_SKIP } from '../src/envs/humanoid/humanoid-model.js';
import { ANT_FRAME_SKIP } from '../src/envs/ant/ant-model.js';
import { EnvRng } from '../src/envs/env-rng.js';
import { startServer } from '../src/index.js';
import { closeSession, openSession, streamThroughput, unaryThroughput } from './grpc-load.js';
import { median, positiveInt } from './bench-args.js';

const HELP = `usage: node env-server/dist/bench/locomotion-bench.js [options]

Measures env steps/s of humanoidmaze-medium and antsoccer-arena in process, and the ceiling of bare mj_step
calls (frame-skip substeps per env step, nothing else) on the same model, start state and actions; then the
env steps/s of a 64-env session on a one-worker gRPC server on loopback, relative to the in-process rate.

options:
  --steps N           env steps per env (default 2000; one episode of humanoidmaze-medium)
  --block B           env steps per timed block; env and bare blocks alternate, medians reported (default 50)
  --grpc-seconds S    duration of each gRPC batch-64 measurement, unary and streaming (default 3; 0 skips)
  --out FILE          JSON result file (default bench/results/locomotion-bench.json)
  -h, --help          show this help`;

interface Case {
  id: string;
  frameSkip: number;
  sim: (env: Env) => CompiledModel;
}

const CASES: readonly Case[] = [
  { id: 'humanoidmaze-medium-singletask-task1-v0', frameSkip: HUMANOID_FRAME_SKIP, sim: (env) => (env as HumanoidMazeEnv).humanoid.sim },
  { id: 'antsoccer-arena-singletask-task4-v0', frameSkip: ANT_FRAME_SKIP, sim: (env) => (env as AntSoccerEnv).ant.sim },
];

interface Row {
  env: string;
  envStepsPerSec: number;
  bareStepsPerSec: number;
  ratio: number;
  envMicrosPerStep: number;
  bareMicrosPerStep: number;
}

interface GrpcRow {
  env: string;
  batch: number;
  unaryStepsPerSec: number;
  streamStepsPerSec: number;
  /** Both relative to the in-process env steps/s of the same run. */
  unaryRatio: number;
  streamRatio: number;
}

const GRPC_BATCH = 64;

/** Env steps/s of one 64-env session on a one-worker server, by unary calls and by a pipelined stream. */
async function measureGrpc(rows: Row[], seconds: number): Promise<GrpcRow[]> {
  const server = await startServer({ workers: 1 });
  const out: GrpcRow[] = [];
  try {
    for (const row of rows) {
      const actionDim = row.env.startsWith('humanoidmaze') ? 21 : 8;
      const session = await openSession(server.address, row.env, GRPC_BATCH, actionDim);
      try {
        await unaryThroughput(session, 0.3); // warm-up
        const unary = await unaryThroughput(session, seconds);
        const stream = await streamThroughput([session], seconds);
        out.push({
          env: row.env, batch: GRPC_BATCH, unaryStepsPerSec: unary, streamStepsPerSec: stream,
          unaryRatio: unary / row.envStepsPerSec, streamRatio: stream / row.envStepsPerSec,
        });
      } finally {
        await closeSession(session);
      }
    }
  } finally {
    await server.close();
  }
  return out;
}

function randomActions(count: number, size: number): Float64Array[] {
  const rng = new EnvRng(1234n);
  return Array.from({ length: count }, () => Float64Array.from({ length: size }, () => rng.uniform(-1, 1)));
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Seconds for these env steps through `Env.step` (action checks, physics, observation, reward, success). */
function timeEnv(env: Env, actions: readonly Float64Array[]): number {
  const start = process.hrtime.bigint();
  for (const action of actions) env.step(action);
  return seconds(start);
}

/** Seconds for the same physics as bare mj_step calls: write ctrl, frame-skip substeps, nothing else. */
function timeBare(mujoco: Mujoco, sim: CompiledModel, frameSkip: number, actions: readonly Float64Array[]): number {
  const { model, data } = sim;
  const start = process.hrtime.bigint();
  for (const action of actions) {
    data.ctrl.set(action);
    for (let k = 0; k < frameSkip; k++) mujoco.mj_step(model, data);
  }
  return seconds(start);
}

/**
 * Two envs of the same id and seed follow the same trajectory: one is stepped through `Env.step`, the other's
 * model through bare mj_step. Blocks of both alternate (in alternating order), so that load changes on a shared
 * machine hit both alike; medians over blocks are reported.
 */
function measure(mujoco: Mujoco, c: Case, steps: number, block: number): Row {
  const viaEnv = createEnv(mujoco, c.id);
  const bare = createEnv(mujoco, c.id);
  try {
    const actions = randomActions(steps, viaEnv.spec.action.shape[0]!);
    viaEnv.reset(7n, 0);
    bare.reset(7n, 0);
    const bareSim = c.sim(bare);
    const envRates: number[] = [];
    const bareRates: number[] = [];
    const ratios: number[] = [];
    for (let first = 0, k = 0; first < steps; first += block, k++) {
      const chunk = actions.slice(first, first + block);
      let envSeconds: number;
      let bareSeconds: number;
      if (k % 2 === 0) {
        bareSeconds = timeBare(mujoco, bareSim, c.frameSkip, chunk);
        envSeconds = timeEnv(viaEnv, chunk);
      } else {
        envSeconds = timeEnv(viaEnv, chunk);
        bareSeconds = timeBare(mujoco, bareSim, c.frameSkip, chunk);
      }
      envRates.push(chunk.length / envSeconds);
      bareRates.push(chunk.length / bareSeconds);
      ratios.push(bareSeconds / envSeconds);
    }
    const envStepsPerSec = median(envRates);
    const bareStepsPerSec = median(bareRates);
    return {
      env: c.id,
      envStepsPerSec,
      bareStepsPerSec,
      ratio: median(ratios),
      envMicrosPerStep: 1e6 / envStepsPerSec,
      bareMicrosPerStep: 1e6 / bareStepsPerSec,
    };
  } finally {
    viaEnv.dispose();
    bare.dispose();
  }
}

function printTable(rows: Row[]): void {
  console.log('env'.padEnd(42) + 'env steps/s'.padStart(12) + 'bare ceiling/s'.padStart(16) + 'env/ceiling'.padStart(13) + 'overhead µs'.padStart(13));
  for (const r of rows) {
    console.log(
      r.env.padEnd(42) +
        r.envStepsPerSec.toFixed(0).padStart(12) +
        r.bareStepsPerSec.toFixed(0).padStart(16) +
        r.ratio.toFixed(3).padStart(13) +
        (r.envMicrosPerStep - r.bareMicrosPerStep).toFixed(1).padStart(13),
    );
  }
}

function printGrpcTable(rows: GrpcRow[]): void {
  console.log('\ngRPC, one worker, batch ' + GRPC_BATCH);
  console.log('env'.padEnd(42) + 'unary steps/s'.padStart(14) + 'vs in-process'.padStart(15) + 'stream steps/s'.padStart(16) + 'vs in-process'.padStart(15));
  for (const r of rows) {
    console.log(
      r.env.padEnd(42) +
        r.unaryStepsPerSec.toFixed(0).padStart(14) +
        r.unaryRatio.toFixed(3).padStart(15) +
        r.streamStepsPerSec.toFixed(0).padStart(16) +
        r.streamRatio.toFixed(3).padStart(15),
    );
  }
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        steps: { type: 'string', default: '2000' },
        block: { type: 'string', default: '50' },
        'grpc-seconds': { type: 'string', default: '3' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`locomotion-bench: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let steps: number;
  let block: number;
  let grpcSeconds: number;
  try {
    steps = positiveInt('steps', values.steps);
    block = positiveInt('block', values.block);
    grpcSeconds = Number(values['grpc-seconds']);
    if (!Number.isFinite(grpcSeconds) || grpcSeconds < 0) {
      throw new Error(`--grpc-seconds must be a number >= 0, got '${values['grpc-seconds']}'`);
    }
  } catch (error) {
    console.error(`locomotion-bench: ${(error as Error).message}`);
    return 2;
  }
  const mujoco = await loadMujoco();
  const rows: Row[] = [];
  for (const c of CASES) rows.push(measure(mujoco, c, steps, block));
  printTable(rows);
  const grpc = grpcSeconds > 0 ? await measureGrpc(rows, grpcSeconds) : [];
  if (grpc.length) printGrpcTable(grpc);
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const out = values.out ?? join(root, 'bench', 'results', 'locomotion-bench.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ benchmark: 'locomotion', date: new Date().toISOString(), steps, block, rows, grpc }, null, 2) + '\n');
  console.log(`wrote ${out}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
