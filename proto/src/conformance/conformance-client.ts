// The suite's view of a server under test: one channel (plaintext or TLS, optional bearer token), promise-returning
// unary calls that resolve to the response or the gRPC status, and StepStream collected into a list of responses.
import {
  Metadata, credentials, status, type CallOptions, type ChannelCredentials, type ClientDuplexStream, type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { DatasetLayout, DatasetServiceClient, type ReadDatasetRequest, type ReadDatasetResponse } from '../gen/qflow/v1/dataset.js';
import { EnvironmentServiceClient, type StepRequest, type StepResponse } from '../gen/qflow/v1/environment.js';
import { MAX_MESSAGE_BYTES } from '../limits.js';

/** How to reach the server under test. */
export interface ConnectionOptions {
  /** host:port of the server. */
  address: string;
  /** Bearer token sent as `authorization: Bearer <token>` on every call. */
  token?: string;
  /** TLS: true for the system roots, or the PEM root certificates to trust. */
  tls?: boolean | { rootCerts: Buffer };
}

/** Outcome of one call: the response, or the status it failed with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: status; details: string };

/** Deadline of one unary call: generous, as a remote server may be busy. */
const CALL_DEADLINE_MS = 60_000;
/** A StepStream may carry a whole episode of steps: it gets this many unary deadlines. */
const STREAM_DEADLINE_FACTOR = 5;

function channelCredentials(tls: ConnectionOptions['tls']): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(tls === true ? null : tls.rootCerts);
}

type UnaryMethod = (request: unknown, metadata: Metadata, options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: unknown) => void) => unknown;

export class ConformanceClient {
  readonly environment: EnvironmentServiceClient;
  readonly datasets: DatasetServiceClient;
  private readonly token: string | undefined;

  constructor(readonly connection: ConnectionOptions, private readonly deadlineMs = CALL_DEADLINE_MS) {
    const creds = channelCredentials(connection.tls);
    const channelOptions = { 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES, 'grpc.enable_retries': 0 };
    this.environment = new EnvironmentServiceClient(connection.address, creds, channelOptions);
    // Same channel options and credentials: grpc-js shares one connection between the two clients.
    this.datasets = new DatasetServiceClient(connection.address, creds, channelOptions);
    this.token = connection.token;
  }

  metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== undefined) metadata.set('authorization', `Bearer ${this.token}`);
    return metadata;
  }

  /** Calls a unary method of the environment (default) or dataset service; never rejects. */
  attempt<Res>(method: string, request: object, service: 'environment' | 'datasets' = 'environment'): Promise<Outcome<Res>> {
    const client = this[service] as unknown as Record<string, UnaryMethod>;
    const fn = client[method];
    if (!fn) throw new Error(`no method ${method} on the ${service} service`);
    return new Promise((resolve) => {
      fn.call(client, request, this.metadata(), { deadline: Date.now() + this.deadlineMs }, (error, response) => {
        resolve(error ? { ok: false, code: error.code, details: error.details ?? error.message } : { ok: true, value: response as Res });
      });
    });
  }

  /** Calls a unary method and rejects with a message naming the call when it fails. */
  async call<Res>(method: string, request: object, service: 'environment' | 'datasets' = 'environment'): Promise<Res> {
    const outcome = await this.attempt<Res>(method, request, service);
    if (!outcome.ok) throw new Error(`${method} failed with ${status[outcome.code]}: ${shorten(outcome.details)}`);
    return outcome.value;
  }

  stepStream(): ClientDuplexStream<StepRequest, StepResponse> {
    return this.environment.stepStream(this.metadata(), { deadline: Date.now() + STREAM_DEADLINE_FACTOR * this.deadlineMs });
  }

  readDataset(request: Partial<ReadDatasetRequest>): ClientReadableStream<ReadDatasetResponse> {
    const defaults: ReadDatasetRequest = {
      name: '', offset: 0n, limit: 0n, chunkTransitions: 0, fields: [], taskId: 0, layout: DatasetLayout.DATASET_LAYOUT_UNSPECIFIED, addInfo: false,
    };
    return this.datasets.readDataset({ ...defaults, ...request }, this.metadata(), { deadline: Date.now() + this.deadlineMs });
  }

  close(): void {
    this.environment.close();
    this.datasets.close();
  }
}

/** A stream's responses and how it ended. */
export interface StreamResult {
  responses: StepResponse[];
  code: status;
  details: string;
}

/** Resolves when `stream` ends (with OK or an error status), with every response it delivered. */
export function collectStream(stream: ClientDuplexStream<StepRequest, StepResponse>): Promise<StreamResult> {
  const responses: StepResponse[] = [];
  stream.on('data', (response: StepResponse) => responses.push(response));
  return new Promise((resolve) => {
    let ended = false;
    let okStatus: { code: status; details: string } | undefined;
    const finishIfDone = () => {
      if (ended && okStatus) resolve({ responses, ...okStatus });
    };
    stream.on('error', (error: ServiceError) => resolve({ responses, code: error.code, details: error.details ?? error.message }));
    stream.on('end', () => { ended = true; finishIfDone(); });
    stream.on('status', (s: { code: status; details: string }) => {
      if (s.code === status.OK) { okStatus = { code: s.code, details: s.details }; finishIfDone(); }
    });
  });
}

/** At most `max` characters of a server message, for reports. */
export function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
