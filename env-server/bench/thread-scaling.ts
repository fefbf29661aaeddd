// The machine's own 2-thread ceiling for benchmark row (d): env.step() loops in 1 and then 2 plain worker
// threads (no gRPC, no server), run in this process. Also the entry point of those threads.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { measureEnvStep } from './in-process-bench.js';

interface LoopData {
  envId: string;
  seconds: number;
}

function runLoop(envId: string, seconds: number): Promise<number> {
  const thread = new Worker(new URL(import.meta.url), { workerData: { envId, seconds } satisfies LoopData });
  return new Promise((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
}

/** Summed env steps/s of `threads` concurrent in-process loops. */
export async function threadedEnvSteps(envId: string, threads: number, seconds: number): Promise<number> {
  const rates = await Promise.all(Array.from({ length: threads }, () => runLoop(envId, seconds)));
  return rates.reduce((a, b) => a + b, 0);
}

if (!isMainThread && parentPort) {
  const { envId, seconds } = workerData as LoopData;
  const mujoco = await loadMujoco();
  measureEnvStep(mujoco, envId, 0.2); // warm-up
  parentPort.postMessage(measureEnvStep(mujoco, envId, seconds).envStepsPerSec);
}
