// Manipulation benchmarks: env steps/s of cube-double and puzzle-4x4 in process (controller + IK + physics +
// observation) against the ceiling of bare mj_step calls (25 substeps per env step, the same controls, from the same
// state); then the wall time to generate ~10,000 transitions of cube-single-play with 1 and 2 workers.
// Usage: node env-server/dist/bench/manipulation-bench.js [--steps N] [--block B] [--episodes E] [--out FILE]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { CubeEnv } from '../src/envs/cube/cube-env.js';
import type { PuzzleEnv } from '../src/envs/puzzle/puzzle-env.js';
import type { ManipulationSim } from '../src/envs/manipulation/manipulation-sim.js';
import { SUBSTEPS } from '../src/envs/manipulation/workspace.js';
import { EnvRng } from '../src/envs/env-rng.js';
import { generateDataset } from '../src/oracles/dataset-generation.js';
import { median, positiveInt } from './bench-args.js';

const HELP = `usage: node env-server/dist/bench/manipulation-bench.js [options]

Measures env steps/s of cube-double and puzzle-4x4 in process against bare mj_step calls (25 per env step) on the
same model, state and controls, and the time to generate ~10,000 transitions of cube-single-play-v0 (episodes of
1001 rows, the last one the validation episode) with 1 and 2 workers.

options:
  --steps N        env steps per env (default 2000)
  --block B        env steps per timed block; env and bare blocks alternate, medians reported (default 50)
  --episodes E     training episodes of the generation run (default 9, +1 validation = 10,010 rows)
  --out FILE       JSON result file (default bench/results/manipulation-bench.json)
  -h, --help       show this help`;

const CASES = ['cube-double-singletask-task2-v0', 'puzzle-4x4-singletask-task4-v0'];

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Smooth random actions that keep the arm moving over the table (and pressing buttons now and then). */
function actionSequence(count: number): Float64Array[] {
  const rng = new EnvRng(99n);
  const a = new Float64Array(5);
  return Array.from({ length: count }, () => {
    for (let i = 0; i < 5; i++) a[i] = Math.max(-1, Math.min(1, 0.8 * a[i]! + 0.4 * rng.uniform(-1, 1)));
    return a.slice();
  });
}

interface Row { env: string; envStepsPerSec: number; bareStepsPerSec: number; ratio: number }

function measureEnv(mujoco: Mujoco, id: string, steps: number, block: number): Row {
  const env = createEnv(mujoco, id) as CubeEnv | PuzzleEnv;
  const sim: ManipulationSim = env.sim;
  const { model, data } = sim.compiled;
  const actions = actionSequence(steps);
  const envTimes: number[] = [], bareTimes: number[] = [];
  const ctrls = Array.from({ length: block }, () => new Float64Array(sim.compiled.nu));
  try {
    env.reset(1n, 0);
    for (let start = 0; start + block <= steps; start += block) {
      if (env.elapsedSteps + block > env.spec.maxEpisodeSteps) env.reset(BigInt(start), 0);
      const qpos = sim.qpos.slice(), qvel = sim.qvel.slice(), ctrl = sim.compiled.ctrl.slice(), time = data.time;
      let t0 = process.hrtime.bigint();
      for (let k = 0; k < block; k++) {
        env.step(actions[start + k]!);
        ctrls[k]!.set(sim.compiled.ctrl);
      }
      envTimes.push(seconds(t0) / block);
      const after = { qpos: sim.qpos.slice(), qvel: sim.qvel.slice() };
      sim.qpos.set(qpos); sim.qvel.set(qvel); sim.compiled.ctrl.set(ctrl); data.time = time;
      t0 = process.hrtime.bigint();
      for (let k = 0; k < block; k++) {
        sim.compiled.ctrl.set(ctrls[k]!);
        for (let s = 0; s < SUBSTEPS; s++) mujoco.mj_step(model, data);
      }
      bareTimes.push(seconds(t0) / block);
      // Continue the episode from the env's own trajectory.
      sim.qpos.set(after.qpos); sim.qvel.set(after.qvel);
      sim.forward();
    }
  } finally {
    env.dispose();
  }
  const envRate = 1 / median(envTimes), bareRate = 1 / median(bareTimes);
  return { env: id, envStepsPerSec: envRate, bareStepsPerSec: bareRate, ratio: envRate / bareRate };
}

interface GenerationRow { workers: number; rows: number; seconds: number; rowsPerSec: number }

async function measureGeneration(episodes: number): Promise<GenerationRow[]> {
  const out: GenerationRow[] = [];
  for (const workers of [1, 2]) {
    const dir = mkdtempSync(join(tmpdir(), 'qflow-bench-gen-'));
    try {
      const t0 = process.hrtime.bigint();
      const result = await generateDataset({ name: 'cube-single-play-v0', episodes, seed: 0n, workers, outDir: dir });
      const s = seconds(t0);
      out.push({ workers, rows: result.rows, seconds: s, rowsPerSec: result.rows / s });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        steps: { type: 'string', default: '2000' },
        block: { type: 'string', default: '50' },
        episodes: { type: 'string', default: '9' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`manipulation-bench: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const steps = positiveInt('steps', values.steps!);
  const block = positiveInt('block', values.block!);
  const episodes = positiveInt('episodes', values.episodes!);
  const mujoco = await loadMujoco();
  const rows = CASES.map((id) => measureEnv(mujoco, id, steps, block));
  console.log('env (in process)                  env steps/s   bare mj_step ceiling   ratio');
  for (const r of rows) {
    console.log(`${r.env.padEnd(34)}${r.envStepsPerSec.toFixed(0).padStart(11)}${r.bareStepsPerSec.toFixed(0).padStart(23)}${r.ratio.toFixed(3).padStart(8)}`);
  }
  const generation = await measureGeneration(episodes);
  console.log('\ngenerate cube-single-play-v0      rows      seconds   rows/s   speed-up vs 1 worker');
  for (const g of generation) {
    console.log(`  workers ${String(g.workers).padEnd(24)}${String(g.rows).padStart(6)}${g.seconds.toFixed(1).padStart(13)}` +
      `${g.rowsPerSec.toFixed(0).padStart(9)}${(generation[0]!.seconds / g.seconds).toFixed(2).padStart(12)}`);
  }
  const outFile = values.out ?? fileURLToPath(new URL('../../../bench/results/manipulation-bench.json', import.meta.url));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), steps, block, rows, generation }, null, 2));
  console.log(`\nwrote ${outFile}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
