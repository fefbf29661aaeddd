// In-process speed of an env against the physics ceiling: a bare mj_step loop on the same model vs the env's
// step() path (action checks, ctrl write, 5 substeps, mj_rnePostConstraint, observation, reward, resets).
// Run alone: node env-server/dist/bench/in-process-bench.js [envId] [seconds]
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { AntMazeEnv } from '../src/envs/antmaze/antmaze-env.js';
import { EnvRng } from '../src/envs/env-rng.js';

/** Physics substeps per env step of the measured envs (the ant's frame skip). */
const SUBSTEPS = 5;
const ACTION_TABLE = 1024;

function randomActions(size: number): Float64Array[] {
  const rng = new EnvRng(2024n);
  return Array.from({ length: ACTION_TABLE }, () => Float64Array.from({ length: size }, () => rng.uniform(-1, 1)));
}

/** mj_step calls per second on the env's own model and data, with a new random control every 5 substeps. */
export function measureBareStep(mujoco: Mujoco, envId: string, seconds: number): { physicsStepsPerSec: number } {
  const env = createEnv(mujoco, envId);
  try {
    if (!('ant' in env)) throw new Error(`measureBareStep: env '${envId}' does not expose its compiled model`);
    env.reset(1n, 0);
    const compiled = (env as AntMazeEnv).ant.sim;
    const { model, data } = compiled;
    const ctrl = compiled.ctrl;
    const actions = randomActions(ctrl.length);
    let steps = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    let now = start;
    while (now < end) {
      for (let k = 0; k < 100; k++) {
        if (steps % SUBSTEPS === 0) ctrl.set(actions[(steps / SUBSTEPS) % ACTION_TABLE]!);
        mujoco.mj_step(model, data);
        steps++;
      }
      now = performance.now();
    }
    return { physicsStepsPerSec: steps / ((now - start) / 1000) };
  } finally {
    env.dispose();
  }
}

/** env.step() calls per second with random actions (resetting at episode ends), and the physics steps they make. */
export function measureEnvStep(mujoco: Mujoco, envId: string, seconds: number): { envStepsPerSec: number; physicsStepsPerSec: number } {
  const env = createEnv(mujoco, envId);
  try {
    const actions = randomActions(env.spec.action.shape[0]!);
    let seed = 1n;
    env.reset(seed, 0);
    let steps = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    let now = start;
    while (now < end) {
      for (let k = 0; k < 20; k++) {
        const result = env.step(actions[steps % ACTION_TABLE]!);
        steps++;
        if (result.terminated || result.truncated) env.reset(++seed, 0);
      }
      now = performance.now();
    }
    const envStepsPerSec = steps / ((now - start) / 1000);
    return { envStepsPerSec, physicsStepsPerSec: envStepsPerSec * SUBSTEPS };
  } finally {
    env.dispose();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: node env-server/dist/bench/in-process-bench.js [envId] [seconds]\n' +
      'Alternates 0.25 s rounds of a bare mj_step loop and of env.step() on the same model (default\n' +
      'antmaze-large-singletask-task1-v0, 6 s in total) and prints the median rates and the median pairwise ratio.');
    return 0;
  }
  const envId = argv[0] ?? 'antmaze-large-singletask-task1-v0';
  const seconds = Number(argv[1] ?? 6);
  if (!(seconds > 0)) {
    console.error(`seconds must be a positive number, got '${argv[1]}'`);
    return 2;
  }
  const mujoco = await loadMujoco();
  // Short alternating rounds, compared pairwise, so that load from other processes hits both sides alike.
  const roundSeconds = 0.25;
  const pairs = Math.max(1, Math.round(seconds / (2 * roundSeconds)));
  const bare: number[] = [];
  const envRates: number[] = [];
  const ratios: number[] = [];
  measureEnvStep(mujoco, envId, 0.2); // warm-up (JIT)
  for (let r = 0; r < pairs; r++) {
    // Alternate which side goes first, so neither always runs right after the other.
    const measureBare = () => bare.push(measureBareStep(mujoco, envId, roundSeconds).physicsStepsPerSec);
    const measureEnv = () => envRates.push(measureEnvStep(mujoco, envId, roundSeconds).physicsStepsPerSec);
    if (r % 2 === 0) {
      measureBare();
      measureEnv();
    } else {
      measureEnv();
      measureBare();
    }
    ratios.push(envRates[r]! / bare[r]!);
  }
  const e = median(envRates);
  console.log(`env: ${envId} (${pairs} pairs of alternating ${roundSeconds} s rounds, medians)`);
  console.log(`bare mj_step loop     ${median(bare).toFixed(0).padStart(8)} physics steps/s`);
  console.log(`env.step()            ${e.toFixed(0).padStart(8)} physics steps/s  (${(e / SUBSTEPS).toFixed(0)} env steps/s)`);
  console.log(`ratio env / bare      ${median(ratios).toFixed(3)}  (median of pairwise ratios)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
