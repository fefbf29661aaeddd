// Load generators for the env benchmark: env steps/s over gRPC, by unary calls or a pipelined stream.
import { credentials } from '@grpc/grpc-js';
import { EnvironmentServiceClient, encodeTensor, type StepRequest, type StepResponse, type Tensor } from '@qflow/proto';
import { actionTable } from './batch-in-process.js';

export interface LoadSession {
  client: EnvironmentServiceClient;
  sessionId: string;
  numEnvs: number;
  /** Action batches cycled through (the in-process batch baseline uses the same table). */
  actions: Tensor[];
  /** Ask for body poses with every step (render_poses). */
  renderPoses: boolean;
}

function call<Res>(fn: (callback: (error: Error | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

/** Creates and resets a session of `numEnvs` envs, with a table of random action batches (fixed seed). */
export async function openSession(address: string, envId: string, numEnvs: number, actionDim: number): Promise<LoadSession> {
  const client = new EnvironmentServiceClient(address, credentials.createInsecure());
  const created = await call<{ sessionId: string }>((cb) => client.createSession({
    envId, numEnvs, seed: 1n, leaseSeconds: 0, taskId: 0, disableAutoReset: false,
  }, cb));
  const seeds = Array.from({ length: numEnvs }, (_, i) => BigInt(i + 1));
  await call((cb) => client.reset({ sessionId: created.sessionId, envIds: [], seeds, taskIds: [], useSeedSequence: false }, cb));
  const actions = actionTable(numEnvs, actionDim).map((batch) => encodeTensor(batch, [numEnvs, actionDim]));
  return { client, sessionId: created.sessionId, numEnvs, actions, renderPoses: false };
}

export async function closeSession(session: LoadSession): Promise<void> {
  await call((cb) => session.client.closeSession({ sessionId: session.sessionId }, cb));
  session.client.close();
}

function request(session: LoadSession, sequence: number): StepRequest {
  const actions = session.actions[sequence % session.actions.length]!;
  return { sessionId: session.sessionId, envIds: [], actions, sequence: BigInt(sequence), renderPoses: session.renderPoses };
}

/** Env steps/s stepping `session` with back-to-back unary calls for `seconds`. */
export async function unaryThroughput(session: LoadSession, seconds: number): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let calls = 0;
  while (performance.now() < end) {
    await call<StepResponse>((cb) => session.client.step(request(session, calls), cb));
    calls++;
  }
  return (calls * session.numEnvs) / ((performance.now() - start) / 1000);
}

/** Env steps/s over one StepStream per session, keeping `depth` requests in flight on each, for `seconds`. */
export async function streamThroughput(sessions: LoadSession[], seconds: number, depth = 2): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let envSteps = 0;
  await Promise.all(sessions.map((session) => new Promise<void>((resolve, reject) => {
    const stream = session.client.stepStream();
    let sent = 0;
    stream.on('data', (response: StepResponse) => {
      if (response.error) reject(new Error(response.error.message));
      envSteps += session.numEnvs;
      if (performance.now() < end) stream.write(request(session, sent++));
      else if (sent === Number(response.sequence) + 1) stream.end();
    });
    stream.on('end', resolve);
    stream.on('error', reject);
    for (let i = 0; i < depth; i++) stream.write(request(session, sent++));
  })));
  return envSteps / ((performance.now() - start) / 1000);
}
