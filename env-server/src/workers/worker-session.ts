// The envs of one session as a worker thread holds them: reset and batched step with auto-reset, run in slices
// (work-slices.ts) so that a large batch does not hold up the other sessions on the worker.
import type { Env } from '../envs/env.js';
import { POSE_WIDTH, writeBodyPoses } from '../physics/body-poses.js';
import { sequenceSeed } from './seed-sequence.js';
import { WorkSlices } from './work-slices.js';
import {
  SUCCESS, TERMINATED, TRUNCATED,
  type ObservationArray, type ResetCommand, type SessionResetResult, type StepCommand, type SessionStepResult, type WorkerFailure,
} from './worker-protocol.js';

/** A request the session cannot serve; becomes a gRPC status in the main thread. */
export class WorkerSessionError extends Error {
  constructor(readonly code: WorkerFailure['code'], message: string) {
    super(message);
  }
}

export class WorkerSession {
  private readonly obsDim: number;
  private readonly float32: boolean;
  /** Per env: sequence seeds used so far. */
  private readonly sequenceUsed: Uint32Array;
  /** Per env: task of the latest reset (auto-resets keep it); 0 = never reset. */
  private readonly currentTask: Uint32Array;
  /** Per env: 1 while an episode is running. */
  private readonly running: Uint8Array;

  constructor(
    private readonly envs: Env[],
    private readonly rootSeed: bigint,
    private readonly autoReset: boolean,
  ) {
    const spec = envs[0]!.spec;
    this.obsDim = spec.observation.shape.reduce((a, b) => a * b, 1);
    this.float32 = spec.observation.dtype === 'float32';
    this.sequenceUsed = new Uint32Array(envs.length);
    this.currentTask = new Uint32Array(envs.length);
    this.running = new Uint8Array(envs.length);
  }

  async reset(command: ResetCommand): Promise<SessionResetResult> {
    const k = command.envIndices.length;
    const observations = this.allocate(k);
    const seeds = new BigUint64Array(k);
    const slices = new WorkSlices();
    for (let row = 0; row < k; row++) {
      await slices.next();
      const i = command.envIndices[row]!;
      const seed = command.useSeedSequence ? this.nextSequenceSeed(i) : command.seeds[row]!;
      const task = command.taskIds[row]!;
      observations.set(this.envs[i]!.reset(seed, task), row * this.obsDim);
      seeds[row] = seed;
      this.currentTask[i] = task;
      this.running[i] = 1;
    }
    return { observations, seeds, taskIds: command.taskIds };
  }

  async step(command: StepCommand): Promise<SessionStepResult> {
    const { envIndices, actions } = command;
    const k = envIndices.length;
    this.checkRunning(envIndices);
    const poseRow = command.renderPoses ? this.poseRowLength() : 0;
    const bodyPoses = command.renderPoses ? new Float32Array(k * poseRow) : undefined;
    const actionDim = actions.length / k;
    const observations = this.allocate(k);
    const rewards = new Float64Array(k);
    const flags = new Uint8Array(k);
    let watchedPoses: Float32Array | undefined;
    const finals: Float64Array[] = [];
    const resetSeeds: bigint[] = [];
    const slices = new WorkSlices();
    for (let row = 0; row < k; row++) {
      await slices.next();
      const i = envIndices[row]!;
      const env = this.envs[i]!;
      const result = env.step(actions.subarray(row * actionDim, (row + 1) * actionDim));
      rewards[row] = result.reward;
      flags[row] = (result.terminated ? TERMINATED : 0) | (result.truncated ? TRUNCATED : 0) | (result.success ? SUCCESS : 0);
      let next = result.observation;
      if (result.terminated || result.truncated) {
        finals.push(result.observation);
        if (this.autoReset) {
          const seed = this.nextSequenceSeed(i);
          resetSeeds.push(seed);
          next = env.reset(seed, this.currentTask[i]!);
        } else {
          this.running[i] = 0;
        }
      }
      observations.set(next, row * this.obsDim);
      if (bodyPoses) writeBodyPoses(env.physics!, bodyPoses, row * poseRow);
      if (i === command.watchEnv && env.physics) {
        watchedPoses = new Float32Array(env.physics.model.nbody * POSE_WIDTH);
        writeBodyPoses(env.physics, watchedPoses, 0);
      }
    }
    const finalObservations = this.allocate(finals.length);
    finals.forEach((obs, row) => finalObservations.set(obs, row * this.obsDim));
    return { observations, rewards, flags, finalObservations, resetSeeds: BigUint64Array.from(resetSeeds), bodyPoses, watchedPoses };
  }

  dispose(): void {
    for (const env of this.envs) env.dispose();
  }

  /** Floats of one env's body poses; UNIMPLEMENTED (before anything steps) when the envs have no model to read. */
  private poseRowLength(): number {
    const physics = this.envs[0]!.physics;
    if (!physics) throw new WorkerSessionError('UNIMPLEMENTED', `env ${this.envs[0]!.spec.id} has no body poses to render`);
    return physics.model.nbody * POSE_WIDTH;
  }

  private checkRunning(envIndices: Uint32Array): void {
    for (const i of envIndices) {
      if (this.running[i]) continue;
      const why = this.currentTask[i] ? 'its episode ended and auto-reset is off' : 'it was never reset';
      throw new WorkerSessionError('FAILED_PRECONDITION', `env ${i} cannot step: ${why}; call Reset first`);
    }
  }

  private nextSequenceSeed(envIndex: number): bigint {
    const k = this.sequenceUsed[envIndex]!;
    this.sequenceUsed[envIndex] = k + 1;
    return sequenceSeed(this.rootSeed, envIndex, k);
  }

  private allocate(rows: number): ObservationArray {
    return this.float32 ? new Float32Array(rows * this.obsDim) : new Float64Array(rows * this.obsDim);
  }
}
