// Child process of the load benchmark: one hostile client. After "go" on stdin it loops for T seconds over
// requests any client can send: 100 kB names (env id, session id, dataset name), a message over the size limit,
// sessions that fill memory (the env id's max_envs_per_session envs, halving the size after each refusal; then
// closed), and leases of 1e300 / Infinity / NaN / -1 seconds (never closed). Prints one JSON line: per attack, how the server answered (gRPC status names).
// Usage: node hostile-client.js ADDRESS ENV_ID SECONDS
import { Metadata, credentials, status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import {
  DatasetServiceClient, Dtype, EnvironmentServiceClient, MAX_MESSAGE_BYTES, type CreateSessionRequest, type CreateSessionResponse,
  type GetEnvSpecResponse,
} from '@qflow/proto';
import { waitForGo } from './start-signal.js';

const LONG_NAME = 'x'.repeat(100_000);
/** CreateSession calls of one memory-filling round. */
const MEMORY_FILL_ATTEMPTS = 8;
/** Session size to fill memory with when GetEnvSpec does not answer. */
const FALLBACK_MAX_ENVS = 1024;
/** Deadline of each hostile call: a server may wedge the connection instead of answering. */
const DEADLINE_MS = 2000;
/** Deadline of a memory-filling CreateSession: building hundreds of envs legitimately takes seconds. */
const CREATE_DEADLINE_MS = 60_000;

export type HostileReport = Record<string, Record<string, number>>;

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

const deadline = (ms = DEADLINE_MS): Partial<CallOptions> => ({ deadline: Date.now() + ms });

class Hostile {
  readonly report: HostileReport = {};
  private environment!: EnvironmentServiceClient;
  private datasets!: DatasetServiceClient;
  private readonly oversized = { dtype: Dtype.DTYPE_FLOAT32, shape: [1, 8], data: Buffer.alloc(MAX_MESSAGE_BYTES + 1024) };

  /** performance.now() at which the run ends. */
  end = Infinity;

  constructor(private readonly address: string, private readonly envId: string, private readonly maxEnvs: number) {
    this.connect();
  }

  /** A new connection: an attacker whose connection the server wedged simply opens another. */
  private connect(): void {
    const options = { 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES };
    this.environment = new EnvironmentServiceClient(this.address, credentials.createInsecure(), options);
    this.datasets = new DatasetServiceClient(this.address, credentials.createInsecure(), options);
  }

  /** Runs one attack (none once the run is over); tallies its outcome under `name`; resolves with the response when OK. */
  private attack<Res>(name: string, fn: (cb: Callback<Res>) => void): Promise<Res | undefined> {
    if (performance.now() > this.end) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let settled = false;
      fn((error, response) => {
        if (settled) return; // a stream may report an error and then end
        settled = true;
        const outcome = error ? status[error.code] ?? String(error.code) : 'OK';
        const tally = (this.report[name] ??= {});
        tally[outcome] = (tally[outcome] ?? 0) + 1;
        if (error?.code === status.DEADLINE_EXCEEDED) {
          this.close();
          this.connect();
        }
        resolve(error ? undefined : response);
      });
    });
  }

  private session(extra: Partial<CreateSessionRequest>): CreateSessionRequest {
    return { envId: this.envId, numEnvs: 1, seed: 0n, leaseSeconds: 0, taskId: 0, disableAutoReset: false, ...extra };
  }

  async longNames(): Promise<void> {
    await this.attack('getEnvSpec 100 kB env id', (cb) => this.environment.getEnvSpec({ envId: LONG_NAME }, new Metadata(), deadline(), cb));
    await this.attack('getDatasetInfo 100 kB name', (cb) => this.datasets.getDatasetInfo({ name: LONG_NAME, taskId: 0, layout: 0, addInfo: false }, new Metadata(), deadline(), cb));
    await this.attack('step 100 kB session id', (cb) => this.environment.step({ sessionId: LONG_NAME, envIds: [], actions: undefined, sequence: 0n, renderPoses: false }, new Metadata(), deadline(), cb));
    await this.attack('attachSession 100 kB session id', (cb) => this.environment.attachSession({ sessionId: LONG_NAME }, new Metadata(), deadline(), cb));
    await this.attack('readDataset 100 kB name', (cb) => {
      const stream = this.datasets.readDataset({ name: LONG_NAME, offset: 0n, limit: 1n, chunkTransitions: 0, fields: [], taskId: 0, layout: 0, addInfo: false }, new Metadata(), deadline());
      stream.on('data', () => undefined);
      stream.on('error', (e: ServiceError) => cb(e, undefined));
      stream.on('end', () => cb(null, undefined));
    });
  }

  async oversizedMessage(): Promise<void> {
    await this.attack('step over the message size limit', (cb) =>
      this.environment.step({ sessionId: 'x', envIds: [], actions: this.oversized, sequence: 0n, renderPoses: false }, new Metadata(), deadline(), cb));
  }

  /**
   * Sessions of the largest size the env id accepts, the size halved after each refusal, so that sessions are
   * admitted (and built) until hardly anything fits; then closes them.
   */
  async fillMemory(): Promise<void> {
    const ids: string[] = [];
    let size = this.maxEnvs;
    for (let i = 0; i < MEMORY_FILL_ATTEMPTS && size >= 1; i++) {
      const label = size === this.maxEnvs ? `createSession of ${size} envs (max)` : 'createSession of half the size';
      const created = await this.attack<CreateSessionResponse>(label, (cb) =>
        this.environment.createSession(this.session({ numEnvs: size }), new Metadata(), deadline(CREATE_DEADLINE_MS), cb));
      if (created) ids.push(created.sessionId);
      else size = Math.floor(size / 2);
    }
    for (const sessionId of ids) await this.attack('closeSession', (cb) => this.environment.closeSession({ sessionId }, new Metadata(), deadline(), cb));
  }

  /** Leases no server should grant; sessions granted are left open (abuse). */
  async abuseLeases(): Promise<void> {
    for (const leaseSeconds of [1e300, Infinity, NaN, -1]) {
      await this.attack(`createSession lease ${leaseSeconds}`, (cb) => this.environment.createSession(this.session({ leaseSeconds }), new Metadata(), deadline(), cb));
    }
  }

  close(): void {
    this.environment.close();
    this.datasets.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [address, envId, secondsText] = argv;
  const seconds = Number(secondsText);
  if (!address || !envId || !(seconds > 0)) {
    console.error('usage: hostile-client.js ADDRESS ENV_ID SECONDS');
    return 2;
  }
  const probe = new EnvironmentServiceClient(address, credentials.createInsecure());
  const spec = await new Promise<GetEnvSpecResponse | undefined>((resolve) => probe.getEnvSpec({ envId }, (e, r) => resolve(e ? undefined : r)));
  probe.close();
  const hostile = new Hostile(address, envId, spec?.spec?.maxEnvsPerSession || FALLBACK_MAX_ENVS);
  console.log('ready');
  await waitForGo();
  // grpc-js lets the process exit during a call on a wedged connection; this timer keeps it alive until the end.
  const keepAlive = setInterval(() => undefined, 1000);
  hostile.end = performance.now() + seconds * 1000;
  const cpuBefore = process.cpuUsage();
  let rounds = 0;
  while (performance.now() < hostile.end) {
    await hostile.longNames();
    await hostile.oversizedMessage();
    await hostile.fillMemory();
    await hostile.abuseLeases();
    rounds++;
  }
  clearInterval(keepAlive);
  hostile.close();
  const { user, system } = process.cpuUsage(cpuBefore);
  console.log(JSON.stringify({ rounds, cpuSeconds: (user + system) / 1e6, outcomes: hostile.report }));
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
