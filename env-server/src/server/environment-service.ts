// The qflow.v1.EnvironmentService handlers: discovery, sessions, reset, batched and streaming step.
import { status, type ServerDuplexStream, type handleUnaryCall } from '@grpc/grpc-js';
import {
  type AttachSessionResponse, type CreateSessionRequest, type CreateSessionResponse, type EnvironmentServiceServer,
  type EnvSpec as EnvSpecMessage, type GetSceneSpecResponse, type GetServerInfoResponse, type ResetRequest, type ResetResponse, type StepRequest, type StepResponse,
  encodeTensor, MAX_NAME_BYTES, shapeSize,
} from '@qflow/proto';
import type { EnvSpec } from '../envs/env.js';
import { POSE_WIDTH } from '../physics/body-poses.js';
import { HeapExhaustedError, NoWorkerError, type WorkerPool } from '../workers/worker-pool.js';
import { SUCCESS, TERMINATED, TRUNCATED, type SessionResetResult, type SessionStepResult } from '../workers/worker-protocol.js';
import { actionRows, envIndices, resetSeeds, resetTasks } from './batch-arguments.js';
import { checkName, clip, clipIn } from './client-strings.js';
import type { EnvCatalog } from './env-catalog.js';
import type { EnvCosts } from './env-costs.js';
import type { SceneSpecs } from './scene-specs.js';
import { invalidArgument, resourceExhausted, toStatus, unavailable } from './rpc-error.js';
import type { ServerMetrics } from './server-metrics.js';
import { Session } from './session.js';
import type { SessionTable } from './session-table.js';
import { envSpecMessage } from './spec-message.js';
import type { StepWatch } from './step-watch.js';

export const SERVER_VERSION = '0.1.0';

const SHUTTING_DOWN = 'server is shutting down';

/** Unanswered requests of one StepStream beyond which the server stops reading it (flow control). */
const MAX_PIPELINED = 64;

export interface EnvironmentServiceOptions {
  catalog: EnvCatalog;
  pool: WorkerPool;
  sessions: SessionTable;
  costs: EnvCosts;
  /** Scene descriptions for GetSceneSpec. */
  scenes: SceneSpecs;
  defaultLeaseSeconds: number;
  /** Largest lease a session may ask for. */
  maxLeaseSeconds: number;
  /** Configured cap on num_envs; an env id's bound is the lower of it and what one idle worker holds of that id. */
  maxEnvsPerSession: number;
  /** Viewers watching steps (the live viewer); absent when none can. */
  stepWatch?: StepWatch;
  /** Prometheus metrics to feed (one update per Step batch); none when the server exposes no metrics. */
  metrics?: ServerMetrics;
}

function unary<Req, Res>(handler: (request: Req) => Res | Promise<Res>): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    let result: Res | Promise<Res>;
    try {
      result = handler(call.request);
    } catch (error) {
      callback(toStatus(error), null);
      return;
    }
    Promise.resolve(result).then((response) => callback(null, response), (error) => callback(toStatus(error), null));
  };
}

function flagsToBools(flags: Uint8Array, bit: number): boolean[] {
  return Array.from(flags, (f) => (f & bit) !== 0);
}

/** Implements EnvironmentService; `shutdown()` ends open streams after their in-flight steps. */
export class EnvironmentService {
  private closing = false;
  private readonly streams = new Set<{ drain(): Promise<void> }>();

  constructor(private readonly options: EnvironmentServiceOptions) {}

  handlers(): EnvironmentServiceServer {
    return {
      getServerInfo: unary(() => this.serverInfo()),
      listFamilies: unary(() => ({ families: this.families() })),
      listEnvs: unary(async (request) => ({ envs: await this.envs(request.family) })),
      getEnvSpec: unary(async (request) => ({ spec: await this.specMessage(this.spec(request.envId)) })),
      createSession: unary((request) => this.createSession(request)),
      attachSession: unary((request) => this.attachSession(request.sessionId)),
      closeSession: unary(async (request) => {
        this.checkOpen();
        await this.options.sessions.remove(this.options.sessions.get(request.sessionId));
        return {};
      }),
      reset: unary((request) => this.reset(request)),
      step: unary((request) => this.step(request)),
      stepStream: (call) => this.stepStream(call),
      getSceneSpec: unary((request) => this.sceneSpec(request.envId, request.taskId)),
    };
  }

  /**
   * Stops taking new work; each open stream answers the requests it received before this call, then ends with
   * UNAVAILABLE "server is shutting down".
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.streams].map((s) => s.drain()));
  }

  private checkOpen(): void {
    if (this.closing) throw unavailable(SHUTTING_DOWN);
  }

  private async serverInfo(): Promise<GetServerInfoResponse> {
    const { pool, sessions, costs, catalog, defaultLeaseSeconds, maxLeaseSeconds } = this.options;
    // The smallest env id bound is the costliest id's (every id is measured once, on the first call).
    const costliest = await costs.largest(catalog.specs().map((s) => s.id));
    return {
      serverVersion: SERVER_VERSION,
      protocolVersion: 'qflow.v1',
      numWorkers: pool.size,
      maxSessions: sessions.maxSessions,
      activeSessions: sessions.size,
      defaultLeaseSeconds,
      maxEnvsPerSession: this.envLimit(costliest),
      instanceId: sessions.instanceId,
      maxLeaseSeconds,
      maxNameBytes: MAX_NAME_BYTES,
    };
  }

  private families() {
    const byFamily = new Map<string, EnvSpec[]>();
    for (const spec of this.options.catalog.specs()) byFamily.set(spec.family, [...(byFamily.get(spec.family) ?? []), spec]);
    return [...byFamily.keys()].sort().map((name) => {
      const specs = byFamily.get(name)!;
      return {
        name,
        envIds: specs.map((s) => s.id).sort(),
        datasetNames: [...new Set(specs.flatMap((s) => s.datasets))].sort(),
      };
    });
  }

  /** Largest num_envs of one session of an env id whose envs cost `envBytes` each: the cap, or what an idle worker holds. */
  private envLimit(envBytes: number): number {
    return Math.min(this.options.maxEnvsPerSession, this.options.pool.fitIdle(envBytes));
  }

  /** The wire spec of an env id, with its session size bound (its cost is measured once, on first use). */
  private async specMessage(spec: EnvSpec): Promise<EnvSpecMessage> {
    return envSpecMessage(spec, this.envLimit(await this.options.costs.of(spec.id)));
  }

  private envs(family: string): Promise<EnvSpecMessage[]> {
    checkName('family', family);
    const specs = this.options.catalog.specs();
    if (family && !specs.some((s) => s.family === family)) {
      const valid = [...new Set(specs.map((s) => s.family))].sort();
      throw invalidArgument(`unknown family '${clip(family)}'; valid: ${valid.join(', ')}`);
    }
    const listed = specs.filter((s) => !family || s.family === family).sort((a, b) => a.id.localeCompare(b.id));
    return Promise.all(listed.map((s) => this.specMessage(s)));
  }

  private spec(envId: string): EnvSpec {
    checkName('env id', envId);
    let id: string;
    try {
      id = this.options.catalog.resolve(envId);
    } catch (error) {
      throw invalidArgument(clipIn((error as Error).message, envId));
    }
    return this.options.catalog.specs().find((s) => s.id === id)!;
  }

  private async sceneSpec(envId: string, taskId: number): Promise<GetSceneSpecResponse> {
    const spec = this.spec(envId);
    if (taskId > spec.numTasks) {
      throw invalidArgument(`unknown task id ${taskId} for ${spec.id}; valid: 0 (its default task ${spec.defaultTask}) or 1..${spec.numTasks}`);
    }
    return { scene: await this.options.scenes.of(spec.id, taskId || spec.defaultTask) };
  }

  private async createSession(request: CreateSessionRequest): Promise<CreateSessionResponse> {
    this.checkOpen();
    const { pool, sessions, costs, defaultLeaseSeconds } = this.options;
    const spec = this.spec(request.envId);
    this.checkLease(request.leaseSeconds);
    const [taskId] = resetTasks([request.taskId], 1, spec.defaultTask, spec.numTasks);
    const leaseSeconds = request.leaseSeconds || defaultLeaseSeconds;
    const envBytes = await costs.of(spec.id);
    this.checkNumEnvs(request.numEnvs, spec.id, envBytes);
    this.checkOpen();
    sessions.reserve();
    let worker: number;
    try {
      worker = this.assign(spec.id, request.numEnvs, envBytes);
    } catch (error) {
      sessions.unreserve();
      throw error;
    }
    const id = sessions.newId();
    try {
      await pool.request(worker, {
        kind: 'create', sessionId: id, envId: spec.id, numEnvs: request.numEnvs, seed: request.seed, autoReset: !request.disableAutoReset,
      });
    } catch (error) {
      sessions.unreserve();
      pool.release(worker, request.numEnvs, envBytes);
      throw error;
    }
    sessions.add(new Session({
      id, spec, numEnvs: request.numEnvs, seed: request.seed, taskId: taskId!, autoReset: !request.disableAutoReset,
      leaseMs: leaseSeconds * 1000, worker, envBytes,
    }));
    return { sessionId: id, spec: envSpecMessage(spec, this.envLimit(envBytes)), numEnvs: request.numEnvs, leaseSeconds };
  }

  /** num_envs within 1..the env id's max_envs_per_session (INVALID_ARGUMENT naming the bound and its reason). */
  private checkNumEnvs(numEnvs: number, envId: string, envBytes: number): void {
    const limit = this.envLimit(envBytes);
    if (numEnvs >= 1 && numEnvs <= limit) return;
    const cap = this.options.maxEnvsPerSession;
    const why = limit === cap
      ? `the server's cap (--max-envs ${cap})`
      : `what one idle worker's memory holds at ${(envBytes / 2 ** 20).toFixed(1)} MiB per env`;
    throw invalidArgument(`num_envs ${numEnvs} out of range for ${envId}: valid 1..${limit} ` +
      `(its EnvSpec.max_envs_per_session: ${why})`);
  }

  /** A worker with heap room for the envs (reserved), or RESOURCE_EXHAUSTED / UNAVAILABLE before any allocation. */
  private assign(envId: string, numEnvs: number, envBytes: number): number {
    try {
      return this.options.pool.assign(numEnvs, envBytes);
    } catch (error) {
      if (error instanceof HeapExhaustedError) {
        throw resourceExhausted(`not enough env memory for ${numEnvs} envs of ${envId} ` +
          `(${(envBytes / 2 ** 20).toFixed(1)} MiB each): at most ${error.fitNow} envs of ${envId} fit now ` +
          `(${error.fitIdle} on an idle worker); close sessions or ask for fewer envs`);
      }
      if (error instanceof NoWorkerError) throw unavailable(error.message);
      throw error;
    }
  }

  /** A session's requested lease: 0 (server default) or a finite number of seconds up to the maximum. */
  private checkLease(leaseSeconds: number): void {
    const max = this.options.maxLeaseSeconds;
    if (!Number.isFinite(leaseSeconds) || leaseSeconds < 0 || leaseSeconds > max) {
      throw invalidArgument(`lease_seconds ${leaseSeconds} invalid: give 0 (server default ${this.options.defaultLeaseSeconds} s) ` +
        `or a finite value up to the server's maximum of ${max} s`);
    }
  }

  private attachSession(sessionId: string): AttachSessionResponse {
    this.checkOpen();
    const session = this.options.sessions.get(sessionId);
    return {
      sessionId,
      spec: envSpecMessage(session.spec, this.envLimit(session.envBytes)),
      numEnvs: session.numEnvs,
      leaseSeconds: session.leaseMs / 1000,
      episodeSteps: Array.from(session.episodeSteps),
      ready: Array.from(session.ready, (r) => r === 1),
    };
  }

  private reset(request: ResetRequest): Promise<ResetResponse> {
    this.checkOpen();
    const session = this.options.sessions.get(request.sessionId);
    const indices = envIndices(request.envIds, session.numEnvs);
    const seeds = resetSeeds(request.seeds, indices.length, request.useSeedSequence);
    const tasks = resetTasks(request.taskIds, indices.length, session.taskId, session.spec.numTasks);
    return session.enqueue(async () => {
      const result = await this.options.pool.request<SessionResetResult>(session.worker, {
        kind: 'reset', sessionId: session.id, envIndices: indices, seeds, taskIds: tasks, useSeedSequence: request.useSeedSequence,
      }, [seeds.buffer as ArrayBuffer]);
      session.markReset(indices, result.taskIds);
      return {
        envIds: Array.from(indices),
        observations: encodeTensor(result.observations, [indices.length, ...session.spec.observation.shape]),
        seeds: Array.from(result.seeds),
        taskIds: Array.from(result.taskIds),
      };
    });
  }

  private step(request: StepRequest): Promise<StepResponse> {
    this.checkOpen();
    const session = this.options.sessions.get(request.sessionId);
    const indices = envIndices(request.envIds, session.numEnvs);
    const actions = actionRows(request.actions, indices.length, session.spec.action.shape);
    const { stepWatch, metrics } = this.options;
    return session.enqueue(async () => {
      const started = metrics ? performance.now() : 0;
      const result = await this.options.pool.request<SessionStepResult>(session.worker, {
        kind: 'step', sessionId: session.id, envIndices: indices, actions, renderPoses: request.renderPoses,
        watchEnv: stepWatch?.captureEnv(session),
      }, [actions.buffer as ArrayBuffer]);
      metrics?.stepBatch(session.spec.id, indices.length, (performance.now() - started) / 1000);
      session.markStepped(indices, result.rewards, (row) => (result.flags[row]! & SUCCESS) !== 0,
        (row) => (result.flags[row]! & (TERMINATED | TRUNCATED)) !== 0);
      stepWatch?.stepped(session, result);
      return this.stepResponse(session, indices, result, request.sequence);
    });
  }

  private stepResponse(session: Session, indices: Uint32Array, result: SessionStepResult, sequence: bigint): StepResponse {
    const obsShape = session.spec.observation.shape;
    return {
      envIds: Array.from(indices),
      observations: encodeTensor(result.observations, [indices.length, ...obsShape]),
      rewards: Array.from(result.rewards),
      terminated: flagsToBools(result.flags, TERMINATED),
      truncated: flagsToBools(result.flags, TRUNCATED),
      success: flagsToBools(result.flags, SUCCESS),
      finalObservations: encodeTensor(result.finalObservations, [result.finalObservations.length / shapeSize(obsShape), ...obsShape]),
      sequence,
      error: undefined,
      resetSeeds: Array.from(result.resetSeeds),
      bodyPoses: result.bodyPoses && encodeTensor(result.bodyPoses, [indices.length, result.bodyPoses.length / (indices.length * POSE_WIDTH), POSE_WIDTH]),
    };
  }

  private stepStream(call: ServerDuplexStream<StepRequest, StepResponse>): void {
    // Responses are written in request order; steps of different sessions still run concurrently.
    let written: Promise<void> = Promise.resolve();
    let ended = false;
    const end = (shuttingDown: boolean) => {
      if (ended) return;
      ended = true;
      this.streams.delete(stream);
      if (!shuttingDown) call.end();
      else call.emit('error', Object.assign(new Error(SHUTTING_DOWN), { code: status.UNAVAILABLE, details: SHUTTING_DOWN }));
    };
    const stream = {
      drain: async () => {
        call.pause();
        await written;
        end(true);
      },
    };
    this.streams.add(stream);
    let pending = 0;
    call.on('data', (request: StepRequest) => {
      if (this.closing) return; // arrived after the drain began: not answered, the stream ends UNAVAILABLE
      const response = this.streamStep(request);
      // A client may pipeline freely, but past MAX_PIPELINED unanswered requests we stop reading its stream.
      if (++pending >= MAX_PIPELINED) call.pause();
      written = written.then(async () => {
        const message = await response;
        if (!ended && !call.cancelled) call.write(message);
        if (pending-- === MAX_PIPELINED && !this.closing) call.resume();
      });
    });
    const close = () => void written.then(() => end(this.closing));
    call.on('end', close);
    call.on('cancelled', close);
    call.on('error', () => {
      ended = true;
      this.streams.delete(stream);
    });
  }

  private async streamStep(request: StepRequest): Promise<StepResponse> {
    try {
      return await this.step(request);
    } catch (error) {
      const { code, details } = toStatus(error);
      this.options.metrics?.rejected(status[code ?? status.INTERNAL]);
      return {
        envIds: [], observations: undefined, rewards: [], terminated: [], truncated: [], success: [],
        finalObservations: undefined, sequence: request.sequence, error: { code: code ?? status.INTERNAL, message: details ?? '' }, resetSeeds: [],
        bodyPoses: undefined,
      };
    }
  }
}
