// Everything a check works with: the client, the server's advertised facts, the env under test, sessions it
// created (closed after each check), deterministic actions, and "twin" sessions: two sessions reset and stepped
// identically, so that whatever one of them is sent in between can be judged by comparing their bits.
import { status } from '@grpc/grpc-js';
import type {
  AttachSessionResponse, CreateSessionRequest, CreateSessionResponse, EnvSpec, GetServerInfoResponse, ResetResponse, StepRequest,
  StepResponse,
} from '../gen/qflow/v1/environment.js';
import type { Tensor } from '../gen/qflow/v1/tensor.js';
import { encodeTensor, shapeSize } from '../tensor-codec.js';
import { shorten, type ConformanceClient, type ConnectionOptions, type Outcome } from './conformance-client.js';

/** Raised by `expectStatus` and the comparisons: what the server did instead of what the promise says. */
export class Broken extends Error {
  override name = 'Broken';
}

export interface ContextOptions {
  connection: ConnectionOptions;
  shutdownServer?: () => Promise<void>;
}

/** A pair of sessions of the env under test, created and reset identically. */
export interface Twins {
  a: string;
  b: string;
  numEnvs: number;
  /** Steps taken by both so far (the action of the next step depends on it). */
  steps: number;
}

export class CheckContext {
  private readonly created = new Set<string>();

  constructor(
    readonly client: ConformanceClient,
    readonly info: GetServerInfoResponse,
    readonly spec: EnvSpec,
    readonly options: ContextOptions,
  ) {}

  get actionDim(): number {
    return shapeSize(this.spec.action!.shape);
  }

  /** CreateSession for the env under test; the session is closed when the check ends. */
  async createSession(numEnvs: number, extra: Partial<CreateSessionRequest> = {}): Promise<CreateSessionResponse> {
    const response = await this.client.call<CreateSessionResponse>('createSession', this.sessionRequest(numEnvs, extra));
    this.created.add(response.sessionId);
    return response;
  }

  sessionRequest(numEnvs: number, extra: Partial<CreateSessionRequest> = {}): CreateSessionRequest {
    return { envId: this.spec.id, numEnvs, seed: 0n, leaseSeconds: 0, taskId: 0, disableAutoReset: false, ...extra };
  }

  /** Remembers a session created outside `createSession`, so that it is closed when the check ends. */
  track(sessionId: string): void {
    this.created.add(sessionId);
  }

  /** Closes every session this check created (ignoring ones already gone). */
  async closeSessions(): Promise<void> {
    const ids = [...this.created];
    this.created.clear();
    await Promise.all(ids.map((sessionId) => this.client.attempt('closeSession', { sessionId })));
  }

  reset(sessionId: string, seeds: bigint[], envIds: number[] = [], taskIds: number[] = []): Promise<ResetResponse> {
    return this.client.call<ResetResponse>('reset', { sessionId, envIds, seeds, taskIds, useSeedSequence: false });
  }

  attach(sessionId: string): Promise<AttachSessionResponse> {
    return this.client.call<AttachSessionResponse>('attachSession', { sessionId });
  }

  step(sessionId: string, actions: Tensor | undefined, envIds: number[] = [], sequence = 0n): Promise<StepResponse> {
    return this.client.call<StepResponse>('step', { sessionId, envIds, actions, sequence, renderPoses: false } satisfies StepRequest);
  }

  /** The deterministic action of env slot `env` at step `t` under `salt`, inside the action bounds. */
  action(salt: number, env: number, t: number): Float32Array {
    const { low, high } = this.spec.action!;
    const out = new Float32Array(this.actionDim);
    for (let j = 0; j < out.length; j++) {
      const unit = Math.sin(1.7 * t + 0.9 * j + 2.3 * env + 0.37 * salt) * 0.9; // in [-0.9, 0.9]
      const lo = low[j] ?? -1;
      const hi = high[j] ?? 1;
      out[j] = Number.isFinite(lo) && Number.isFinite(hi) ? lo + (unit + 1) / 2 * (hi - lo) : unit;
    }
    return out;
  }

  /** Stacks rows into one [k, action dim] float32 tensor. */
  actionTensor(rows: Float32Array[]): Tensor {
    const all = new Float32Array(rows.length * this.actionDim);
    rows.forEach((row, i) => all.set(row, i * this.actionDim));
    return encodeTensor(all, [rows.length, this.actionDim]);
  }

  /** Two sessions of `numEnvs` envs with the same seed, reset with the same seeds and stepped `warmup` times. */
  async twins(numEnvs: number, warmup = 1, extra: Partial<CreateSessionRequest> = {}): Promise<Twins> {
    const request = { seed: 4242n, ...extra };
    const a = (await this.createSession(numEnvs, request)).sessionId;
    const b = (await this.createSession(numEnvs, request)).sessionId;
    const seeds = Array.from({ length: numEnvs }, (_, i) => 1000n + BigInt(i));
    const [ra, rb] = [await this.reset(a, seeds), await this.reset(b, seeds)];
    sameTensorBits(ra.observations, rb.observations, 'first observations of two sessions reset with the same seeds');
    const twins = { a, b, numEnvs, steps: 0 };
    for (let t = 0; t < warmup; t++) await this.stepTwins(twins);
    return twins;
  }

  /** Steps both twins with the same actions (envs `envIds`, default all) and requires identical results. */
  async stepTwins(twins: Twins, envIds: number[] = [], what = 'twin sessions after the same steps'): Promise<void> {
    const slots = envIds.length ? envIds : Array.from({ length: twins.numEnvs }, (_, i) => i);
    const actions = this.actionTensor(slots.map((env) => this.action(7, env, twins.steps)));
    const [ra, rb] = [await this.step(twins.a, actions, envIds), await this.step(twins.b, actions, envIds)];
    twins.steps++;
    sameStepResults(ra, rb, what);
  }

  /** Requires that both twins report the same episode progress (AttachSession). */
  async sameProgress(twins: Twins): Promise<void> {
    const [pa, pb] = [await this.attach(twins.a), await this.attach(twins.b)];
    if (String(pa.episodeSteps) !== String(pb.episodeSteps) || String(pa.ready) !== String(pb.ready)) {
      throw new Broken(`episode steps [${pa.episodeSteps}] / ready [${pa.ready}] differ from the twin's [${pb.episodeSteps}] / [${pb.ready}]`);
    }
  }
}

/** Requires a call to fail with `code`; returns the status details. */
export async function expectStatus(outcome: Promise<Outcome<unknown>>, code: status, what: string): Promise<string> {
  const result = await outcome;
  if (result.ok) throw new Broken(`${what}: answered OK, expected ${status[code]}`);
  if (result.code !== code) throw new Broken(`${what}: answered ${status[result.code]} (${shorten(result.details)}), expected ${status[code]}`);
  return result.details;
}

/** Requires two tensors to hold the same dtype, shape and bytes. */
export function sameTensorBits(x: Tensor | undefined, y: Tensor | undefined, what: string): void {
  if (!x || !y) {
    if (x || y) throw new Broken(`${what}: one tensor is missing`);
    return;
  }
  if (x.dtype !== y.dtype || String(x.shape) !== String(y.shape)) {
    throw new Broken(`${what}: shapes [${x.shape}] vs [${y.shape}] or dtypes ${x.dtype} vs ${y.dtype} differ`);
  }
  if (!Buffer.from(x.data).equals(Buffer.from(y.data))) throw new Broken(`${what}: the bits differ`);
}

/** Requires two StepResponses to agree in every field but `sequence`, bit for bit. */
export function sameStepResults(x: StepResponse, y: StepResponse, what: string): void {
  sameTensorBits(x.observations, y.observations, `${what}: observations`);
  sameTensorBits(x.finalObservations, y.finalObservations, `${what}: final observations`);
  const fields = ['envIds', 'terminated', 'truncated', 'success', 'resetSeeds'] as const;
  for (const field of fields) {
    if (String(x[field]) !== String(y[field])) throw new Broken(`${what}: ${field} [${x[field]}] vs [${y[field]}]`);
  }
  const rewardBits = (r: number[]) => Buffer.from(Float64Array.from(r).buffer).toString('hex');
  if (rewardBits(x.rewards) !== rewardBits(y.rewards)) throw new Broken(`${what}: rewards [${x.rewards}] vs [${y.rewards}]`);
}

/** Bytes of row `row` of a [k, ...] tensor. */
export function rowBits(tensor: Tensor, row: number): Buffer {
  const rowLength = tensor.data.length / tensor.shape[0]!;
  return Buffer.from(tensor.data.subarray(row * rowLength, (row + 1) * rowLength));
}
