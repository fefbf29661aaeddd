// Helpers shared by the server tests: start a server, promisified client calls, trajectories.
import { credentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import {
  EnvironmentServiceClient, encodeTensor, type CreateSessionResponse, type StepRequest, type StepResponse, type Tensor,
} from '@qflow/proto';
import { startServer, type RunningServer, type ServerOptions } from '../../src/index.js';
import { FAKE_BACKEND_URL, fakeCatalog } from './server-fake-env.js';

/** A server of fake envs (fast; for protocol tests). */
export function startFakeServer(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ catalog: fakeCatalog, backendUrl: FAKE_BACKEND_URL, ...options });
}

/** Promise-returning wrappers of the unary calls. */
export class Client {
  readonly raw: EnvironmentServiceClient;

  constructor(address: string) {
    this.raw = new EnvironmentServiceClient(address, credentials.createInsecure());
  }

  private call<Req, Res>(method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      (this.raw as unknown as Record<string, Function>)[method]!.call(this.raw, request, (error: ServiceError | null, response: Res) =>
        error ? reject(error) : resolve(response));
    });
  }

  createSession(envId: string, numEnvs: number, seed = 0n, extra: { leaseSeconds?: number; taskId?: number; disableAutoReset?: boolean } = {}) {
    return this.call<object, CreateSessionResponse>('createSession', {
      envId, numEnvs, seed, leaseSeconds: extra.leaseSeconds ?? 0, taskId: extra.taskId ?? 0, disableAutoReset: extra.disableAutoReset ?? false,
    });
  }

  attach(sessionId: string) {
    return this.call<object, import('@qflow/proto').AttachSessionResponse>('attachSession', { sessionId });
  }

  close(sessionId: string) {
    return this.call<object, object>('closeSession', { sessionId });
  }

  reset(sessionId: string, seeds: bigint[], envIds: number[] = [], taskIds: number[] = []) {
    return this.call<object, import('@qflow/proto').ResetResponse>('reset', { sessionId, envIds, seeds, taskIds, useSeedSequence: false });
  }

  step(sessionId: string, actions: Tensor | undefined, envIds: number[] = [], sequence = 0n) {
    return this.call<StepRequest, StepResponse>('step', { sessionId, envIds, actions, sequence, renderPoses: false });
  }

  unary<Res>(method: string, request: object): Promise<Res> {
    return this.call(method, request);
  }

  stream(): ClientDuplexStream<StepRequest, StepResponse> {
    return this.raw.stepStream();
  }

  dispose(): void {
    this.raw.close();
  }
}

/** The deterministic test action of env `env` at step `t` under `salt`, in [-1, 1]. */
export function testAction(salt: number, env: number, t: number, dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) out[j] = Math.sin(1.7 * t + 0.9 * j + 2.3 * env + 0.37 * salt) * 0.9;
  return out;
}

/** Row `row` of a [k, d] float tensor, as raw little-endian bytes (for bit-exact comparison). */
export function rowBytes(tensor: Tensor, row: number): Buffer {
  const rowBytesLength = tensor.data.length / tensor.shape[0]!;
  return Buffer.from(tensor.data.subarray(row * rowBytesLength, (row + 1) * rowBytesLength));
}

/** Stacks per-env actions into one [k, dim] tensor. */
export function actionTensor(rows: Float32Array[]): Tensor {
  const dim = rows[0]!.length;
  const all = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => all.set(r, i * dim));
  return encodeTensor(all, [rows.length, dim]);
}

/** Resolves once `fn` stops throwing, or rejects after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
