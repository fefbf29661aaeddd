// The qflow.v1.EnvironmentService handlers: discovery, sessions, reset, batched and streaming step.
import { randomUUID } from 'node:crypto';
import { status, type ServerDuplexStream, type handleUnaryCall } from '@grpc/grpc-js';
import {
  type AttachSessionResponse, type CreateSessionRequest, type CreateSessionResponse, type EnvironmentServiceServer,
  type GetServerInfoResponse, type ResetRequest, type ResetResponse, type StepRequest, type StepResponse,
  encodeTensor, shapeSize,
} from '@qflow/proto';
import type { EnvSpec } from '../envs/env.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import { SUCCESS, TERMINATED, TRUNCATED, type ResetResult, type StepResult } from '../workers/worker-protocol.js';
import { actionRows, envIndices, resetSeeds, resetTasks } from './batch-arguments.js';
import type { EnvCatalog } from './env-catalog.js';
import { invalidArgument, toStatus, unavailable } from './rpc-error.js';
import { Session } from './session.js';
import type { SessionTable } from './session-table.js';
import { envSpecMessage } from './spec-message.js';

export const SERVER_VERSION = '0.1.0';

/** Unanswered requests of one StepStream beyond which the server stops reading it (flow control). */
const MAX_PIPELINED = 64;

export interface EnvironmentServiceOptions {
  catalog: EnvCatalog;
  pool: WorkerPool;
  sessions: SessionTable;
  defaultLeaseSeconds: number;
  maxEnvsPerSession: number;
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
  private readonly streams = new Set<{ finish(): Promise<void> }>();

  constructor(private readonly options: EnvironmentServiceOptions) {}

  handlers(): EnvironmentServiceServer {
    return {
      getServerInfo: unary(() => this.serverInfo()),
      listFamilies: unary(() => ({ families: this.families() })),
      listEnvs: unary((request) => ({ envs: this.envs(request.family) })),
      getEnvSpec: unary((request) => ({ spec: envSpecMessage(this.spec(request.envId)) })),
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
    };
  }

  /** Stops taking new work, waits for in-flight stream steps, and ends the open streams. */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.streams].map((s) => s.finish()));
  }

  private checkOpen(): void {
    if (this.closing) throw unavailable('server is shutting down');
  }

  private serverInfo(): GetServerInfoResponse {
    const { pool, sessions, defaultLeaseSeconds, maxEnvsPerSession } = this.options;
    return {
      serverVersion: SERVER_VERSION,
      protocolVersion: 'qflow.v1',
      numWorkers: pool.size,
      maxSessions: sessions.maxSessions,
      activeSessions: sessions.size,
      defaultLeaseSeconds,
      maxEnvsPerSession,
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

  private envs(family: string) {
    const specs = this.options.catalog.specs();
    if (family && !specs.some((s) => s.family === family)) {
      const valid = [...new Set(specs.map((s) => s.family))].sort();
      throw invalidArgument(`unknown family '${family}'; valid: ${valid.join(', ')}`);
    }
    return specs.filter((s) => !family || s.family === family).sort((a, b) => a.id.localeCompare(b.id)).map(envSpecMessage);
  }

  private spec(envId: string): EnvSpec {
    let id: string;
    try {
      id = this.options.catalog.resolve(envId);
    } catch (error) {
      throw invalidArgument((error as Error).message);
    }
    return this.options.catalog.specs().find((s) => s.id === id)!;
  }

  private async createSession(request: CreateSessionRequest): Promise<CreateSessionResponse> {
    this.checkOpen();
    const { pool, sessions, defaultLeaseSeconds, maxEnvsPerSession } = this.options;
    const spec = this.spec(request.envId);
    if (request.numEnvs < 1 || request.numEnvs > maxEnvsPerSession) {
      throw invalidArgument(`num_envs ${request.numEnvs} out of range: valid 1..${maxEnvsPerSession}`);
    }
    if (!Number.isFinite(request.leaseSeconds) || request.leaseSeconds < 0) {
      throw invalidArgument(`lease_seconds ${request.leaseSeconds} invalid: give a finite value ≥ 0 (0 = server default)`);
    }
    const [taskId] = resetTasks([request.taskId], 1, spec.defaultTask, spec.numTasks);
    const leaseSeconds = request.leaseSeconds || defaultLeaseSeconds;
    sessions.reserve();
    const worker = pool.assign(request.numEnvs);
    const id = randomUUID();
    try {
      await pool.request(worker, {
        kind: 'create', sessionId: id, envId: spec.id, numEnvs: request.numEnvs, seed: request.seed, autoReset: !request.disableAutoReset,
      });
    } catch (error) {
      sessions.unreserve();
      pool.release(worker, request.numEnvs);
      throw error;
    }
    sessions.add(new Session({
      id, spec, numEnvs: request.numEnvs, seed: request.seed, taskId: taskId!, autoReset: !request.disableAutoReset,
      leaseMs: leaseSeconds * 1000, worker,
    }));
    return { sessionId: id, spec: envSpecMessage(spec), numEnvs: request.numEnvs, leaseSeconds };
  }

  private attachSession(sessionId: string): AttachSessionResponse {
    this.checkOpen();
    const session = this.options.sessions.get(sessionId);
    return {
      sessionId,
      spec: envSpecMessage(session.spec),
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
      const result = await this.options.pool.request<ResetResult>(session.worker, {
        kind: 'reset', sessionId: session.id, envIndices: indices, seeds, taskIds: tasks, useSeedSequence: request.useSeedSequence,
      }, [seeds.buffer as ArrayBuffer]);
      session.markReset(indices);
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
    return session.enqueue(async () => {
      const result = await this.options.pool.request<StepResult>(session.worker, {
        kind: 'step', sessionId: session.id, envIndices: indices, actions,
      }, [actions.buffer as ArrayBuffer]);
      session.markStepped(indices, (row) => (result.flags[row]! & (TERMINATED | TRUNCATED)) !== 0);
      return this.stepResponse(session, indices, result, request.sequence);
    });
  }

  private stepResponse(session: Session, indices: Uint32Array, result: StepResult, sequence: bigint): StepResponse {
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
    };
  }

  private stepStream(call: ServerDuplexStream<StepRequest, StepResponse>): void {
    // Responses are written in request order; steps of different sessions still run concurrently.
    let written: Promise<void> = Promise.resolve();
    let ended = false;
    const stream = {
      finish: async () => {
        await written;
        if (!ended) {
          ended = true;
          call.end();
        }
      },
    };
    this.streams.add(stream);
    let pending = 0;
    call.on('data', (request: StepRequest) => {
      const response = this.streamStep(request);
      // A client may pipeline freely, but past MAX_PIPELINED unanswered requests we stop reading its stream.
      if (++pending >= MAX_PIPELINED) call.pause();
      written = written.then(async () => {
        const message = await response;
        if (!ended && !call.cancelled) call.write(message);
        if (pending-- === MAX_PIPELINED) call.resume();
      });
    });
    const close = () => {
      this.streams.delete(stream);
      void stream.finish();
    };
    call.on('end', close);
    call.on('cancelled', close);
    call.on('error', close);
  }

  private async streamStep(request: StepRequest): Promise<StepResponse> {
    try {
      return await this.step(request);
    } catch (error) {
      const { code, details } = toStatus(error);
      return {
        envIds: [], observations: undefined, rewards: [], terminated: [], truncated: [], success: [],
        finalObservations: undefined, sequence: request.sequence, error: { code: code ?? status.INTERNAL, message: details ?? '' }, resetSeeds: [],
      };
    }
  }
}
