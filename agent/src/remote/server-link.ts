// One env server as the agent sees it: a gRPC channel, the unary calls the vector env needs (with deadlines), and
// one bidirectional StepStream on which step requests are pipelined. Responses are matched to requests by their
// `sequence`; when the stream drops, every pending request is rejected with the stream's error and the next
// step opens a new stream.
import { Metadata, credentials as grpcCredentials, status, type ChannelCredentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import {
  EnvironmentServiceClient, type AttachSessionResponse, type CreateSessionRequest, type CreateSessionResponse,
  type GetEnvSpecResponse, type GetSceneSpecResponse, type ResetRequest, type ResetResponse, type StepRequest, type StepResponse,
} from '@qflow/proto';

/** A failed call or stream, with the gRPC status code when there is one. */
export class LinkError extends Error {
  constructor(message: string, readonly code: number | undefined) {
    super(message);
  }
}

const CALL_DEADLINE_MS = 10_000;

interface Pending { resolve: (r: StepResponse) => void; reject: (e: Error) => void }

export class ServerLink {
  readonly address: string;
  private readonly client: EnvironmentServiceClient;
  private stream: ClientDuplexStream<StepRequest, StepResponse> | undefined;
  private readonly pending = new Map<bigint, Pending>();
  private nextSequence = 1n;
  /** Streams opened so far (1 + re-opens after drops). */
  streamsOpened = 0;

  constructor(address: string, credentials: ChannelCredentials = grpcCredentials.createInsecure()) {
    this.address = address;
    this.client = new EnvironmentServiceClient(address, credentials, {
      'grpc.max_receive_message_length': 64 << 20,
      'grpc.enable_retries': 0,
    });
  }

  getEnvSpec(envId: string): Promise<GetEnvSpecResponse> {
    return this.unary((cb, opts) => this.client.getEnvSpec({ envId }, new Metadata(), opts, cb));
  }

  getSceneSpec(envId: string, taskId: number): Promise<GetSceneSpecResponse> {
    return this.unary((cb, opts) => this.client.getSceneSpec({ envId, taskId }, new Metadata(), opts, cb));
  }

  createSession(req: CreateSessionRequest): Promise<CreateSessionResponse> {
    return this.unary((cb, opts) => this.client.createSession(req, new Metadata(), opts, cb));
  }

  attachSession(sessionId: string): Promise<AttachSessionResponse> {
    return this.unary((cb, opts) => this.client.attachSession({ sessionId }, new Metadata(), opts, cb));
  }

  reset(req: ResetRequest): Promise<ResetResponse> {
    return this.unary((cb, opts) => this.client.reset(req, new Metadata(), opts, cb));
  }

  async closeSession(sessionId: string): Promise<void> {
    await this.unary((cb, opts) => this.client.closeSession({ sessionId }, new Metadata(), { ...opts, deadline: Date.now() + 2000 }, cb));
  }

  /** Sends one step on the stream (opening it if needed); resolves with its response. */
  step(req: Omit<StepRequest, 'sequence'>): Promise<StepResponse> {
    const stream = this.stream ?? this.openStream();
    const sequence = this.nextSequence++;
    return new Promise((resolve, reject) => {
      this.pending.set(sequence, { resolve, reject });
      stream.write({ ...req, sequence });
    });
  }

  /** Drops the current stream (the sessions stay alive on the server). */
  dropStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
    this.failPending(new LinkError(`${this.address}: step stream closed`, status.CANCELLED));
  }

  close(): void {
    this.dropStream();
    this.client.close();
  }

  private openStream(): ClientDuplexStream<StepRequest, StepResponse> {
    const stream = this.client.stepStream();
    this.streamsOpened++;
    this.stream = stream;
    stream.on('data', (r: StepResponse) => {
      const p = this.pending.get(r.sequence);
      if (!p) return;
      this.pending.delete(r.sequence);
      if (r.error) p.reject(new LinkError(`${this.address}: step failed: ${r.error.message}`, r.error.code));
      else p.resolve(r);
    });
    const fail = (err?: ServiceError) => {
      if (this.stream === stream) this.stream = undefined;
      this.failPending(new LinkError(`${this.address}: step stream ${err ? `failed: ${err.details || err.message}` : 'ended'}`,
        err?.code ?? status.UNAVAILABLE));
    };
    stream.on('error', fail);
    stream.on('end', () => fail());
    return stream;
  }

  private failPending(err: LinkError): void {
    const list = [...this.pending.values()];
    this.pending.clear();
    for (const p of list) p.reject(err);
  }

  private unary<T>(call: (cb: (e: ServiceError | null, r: T) => void, opts: { deadline: number }) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      call((e, r) => (e ? reject(new LinkError(`${this.address}: ${e.details || e.message}`, e.code)) : resolve(r)),
        { deadline: Date.now() + CALL_DEADLINE_MS });
    });
  }
}
