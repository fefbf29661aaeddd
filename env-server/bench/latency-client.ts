// Child process of the env benchmark: round trips of single-env steps against a server from another
// process. Five series are measured in interleaved blocks so that they see the same machine load:
// in-process env.step() (same env id, action and seed; the time to subtract), two transport baselines
// (a plain grpc-js stream echo of a step-sized message, and unary GetServerInfo), unary Step, and
// StepStream with one request in flight.
// Prints one JSON line of per-call times in ms. Usage: node latency-client.js ADDRESS ECHO_ADDRESS ENV_ID CALLS
import { credentials, type ClientDuplexStream } from '@grpc/grpc-js';
import { EnvironmentServiceClient, StepRequest, encodeTensor, type CreateSessionResponse, type StepResponse } from '@qflow/proto';
import { createEnv } from '../src/envs/registry.js';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { EchoClient } from './echo-server.js';

const BLOCK = 50;
const SEED = 3n;

type Series = 'inProcess' | 'echo' | 'baseline' | 'unary' | 'streaming';

function call<Res>(fn: (callback: (error: Error | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

async function seriesRunners(address: string, echoAddress: string, envId: string): Promise<[Record<Series, () => unknown>, () => Promise<void>]> {
  const client = new EnvironmentServiceClient(address, credentials.createInsecure());
  const echoClient = new EchoClient(echoAddress, credentials.createInsecure());
  const { sessionId, spec } = await call<CreateSessionResponse>((cb) =>
    client.createSession({ envId, numEnvs: 1, seed: SEED, leaseSeconds: 0, taskId: 0, disableAutoReset: false }, cb));
  await call((cb) => client.reset({ sessionId, envIds: [], seeds: [SEED], taskIds: [], useSeedSequence: false }, cb));
  const dim = spec!.action!.shape[0]!;
  const request = { sessionId, envIds: [], actions: encodeTensor(new Float32Array(dim).fill(0.1), [1, dim]), sequence: 0n, renderPoses: false };
  const env = createEnv(await loadMujoco(), envId);
  env.reset(SEED, 1);
  const action = new Float64Array(dim).fill(0.1);
  const stream = client.stepStream();
  let waiting: ((r: StepResponse) => void) | undefined;
  stream.on('data', (r: StepResponse) => waiting?.(r));
  const echo = (echoClient as unknown as { stream(): ClientDuplexStream<Buffer, Buffer> }).stream();
  const echoMessage = Buffer.from(StepRequest.encode(request).finish());
  let echoed: (() => void) | undefined;
  echo.on('data', () => echoed?.());
  const runners: Record<Series, () => unknown> = {
    inProcess: () => {
      const result = env.step(action);
      if (result.terminated || result.truncated) env.reset(SEED, 1);
    },
    echo: () => new Promise<void>((resolve) => {
      echoed = resolve;
      echo.write(echoMessage);
    }),
    baseline: () => call((cb) => client.getServerInfo({}, cb)),
    unary: () => call((cb) => client.step(request, cb)),
    streaming: () => new Promise<StepResponse>((resolve) => {
      waiting = resolve;
      stream.write(request);
    }),
  };
  const close = async () => {
    stream.end();
    echo.end();
    echoClient.close();
    env.dispose();
    await call((cb) => client.closeSession({ sessionId }, cb));
    client.close();
  };
  return [runners, close];
}

async function main(argv: string[]): Promise<number> {
  const [address, echoAddress, envId, callsText] = argv;
  const calls = Number(callsText);
  if (!address || !echoAddress || !envId || !(calls > 0)) {
    console.error('usage: latency-client.js ADDRESS ECHO_ADDRESS ENV_ID CALLS');
    return 2;
  }
  const [runners, close] = await seriesRunners(address, echoAddress, envId);
  const names = Object.keys(runners) as Series[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Series, number[]>;
  const warmUp = Math.min(4 * BLOCK, calls);
  for (let done = -warmUp; done < calls; done += BLOCK) {
    for (const name of names) {
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await runners[name]();
        if (done >= 0) times[name].push(performance.now() - start);
      }
    }
  }
  await close();
  console.log(JSON.stringify(times));
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
