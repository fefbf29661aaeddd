// Child process of the load benchmark: one well-behaved client. It creates a session of M envs, resets it, says
// "ready" on stdout, waits for "go" on stdin, then steps all envs for T seconds with one request in flight, over
// StepStream or unary Step, and prints one JSON line: env steps, per-request latencies (ms), errors.
// Usage: node load-client.js ADDRESS ENV_ID NUM_ENVS SECONDS stream|unary
import { Metadata, credentials, type ServiceError } from '@grpc/grpc-js';
import {
  EnvironmentServiceClient, encodeTensor, type CreateSessionResponse, type StepRequest, type StepResponse, type Tensor,
} from '@qflow/proto';
import { waitForGo } from './start-signal.js';

export interface LoadClientReport {
  mode: 'stream' | 'unary';
  envSteps: number;
  requests: number;
  latenciesMs: number[];
  errors: number;
  firstError?: string;
}

function call<Res>(fn: (callback: (error: ServiceError | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

/** Sends one step per call and resolves with its response (one request in flight). */
type Stepper = (request: StepRequest) => Promise<StepResponse>;

/** Deadline of one unary call, and what a stream gets beyond the run's length. */
const DEADLINE_MS = 30_000;

function streamStepper(client: EnvironmentServiceClient, seconds: number): [Stepper, () => void] {
  const stream = client.stepStream(new Metadata(), { deadline: Date.now() + seconds * 1000 + DEADLINE_MS });
  let waiting: { resolve: (r: StepResponse) => void; reject: (e: Error) => void } | undefined;
  stream.on('data', (r: StepResponse) => waiting?.resolve(r));
  stream.on('error', (e: Error) => waiting?.reject(e));
  const step: Stepper = (request) => new Promise((resolve, reject) => {
    waiting = { resolve, reject };
    stream.write(request);
  });
  return [step, () => stream.end()];
}

function actionsAt(t: number, numEnvs: number, dim: number): Tensor {
  const data = new Float32Array(numEnvs * dim);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(0.7 * t + 1.3 * i) * 0.9;
  return encodeTensor(data, [numEnvs, dim]);
}

async function main(argv: string[]): Promise<number> {
  const [address, envId, numEnvsText, secondsText, mode] = argv;
  const numEnvs = Number(numEnvsText);
  const seconds = Number(secondsText);
  if (!address || !envId || !(numEnvs > 0) || !(seconds > 0) || (mode !== 'stream' && mode !== 'unary')) {
    console.error('usage: load-client.js ADDRESS ENV_ID NUM_ENVS SECONDS stream|unary');
    return 2;
  }
  const client = new EnvironmentServiceClient(address, credentials.createInsecure());
  const { sessionId, spec } = await call<CreateSessionResponse>((cb) =>
    client.createSession({ envId, numEnvs, seed: 1n, leaseSeconds: 0, taskId: 0, disableAutoReset: false }, cb));
  await call((cb) => client.reset({ sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true }, cb));
  const dim = spec!.action!.shape[0]!;
  const [step, endStream] = mode === 'stream'
    ? streamStepper(client, seconds)
    : [(r: StepRequest) => call<StepResponse>((cb) => client.step(r, new Metadata(), { deadline: Date.now() + DEADLINE_MS }, cb)), () => undefined];
  console.log('ready');
  await waitForGo();
  const keepAlive = setInterval(() => undefined, 1000); // grpc-js may not keep the process alive on a wedged connection

  const report: LoadClientReport = { mode, envSteps: 0, requests: 0, latenciesMs: [], errors: 0 };
  const deadline = performance.now() + seconds * 1000;
  for (let t = 0; performance.now() < deadline; t++) {
    const started = performance.now();
    try {
      const response = await step({ sessionId, envIds: [], actions: actionsAt(t, numEnvs, dim), sequence: BigInt(t), renderPoses: false });
      if (response.error) throw new Error(`${response.error.code}: ${response.error.message}`);
      report.envSteps += response.envIds.length;
    } catch (error) {
      report.errors++;
      report.firstError ??= (error as Error).message.slice(0, 300);
      if (mode === 'stream') break; // the stream is gone
    }
    report.latenciesMs.push(performance.now() - started);
    report.requests++;
  }
  endStream();
  await call((cb) => client.closeSession({ sessionId }, cb)).catch(() => undefined);
  client.close();
  clearInterval(keepAlive);
  console.log(JSON.stringify(report));
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
