// Entry point of an env worker thread: loads its backend (one MuJoCo instance), then serves the main
// thread's commands for the sessions assigned to it, one at a time, in arrival order.
import { parentPort, workerData } from 'node:worker_threads';
import type { EnvBackendModule, EnvFactory } from './env-backend.js';
import { WorkerSession, WorkerSessionError } from './worker-session.js';
import type {
  CreateCommand, ResetResult, StepResult, WorkerCommand, WorkerReady, WorkerReply, WorkerRequest,
} from './worker-protocol.js';

interface EnvWorkerData {
  backendUrl: string;
}

const sessions = new Map<string, WorkerSession>();

function createSession(factory: EnvFactory, command: CreateCommand): null {
  const envs = [];
  try {
    for (let i = 0; i < command.numEnvs; i++) envs.push(factory(command.envId));
  } catch (error) {
    for (const env of envs) env.dispose();
    throw error;
  }
  sessions.set(command.sessionId, new WorkerSession(envs, command.seed, command.autoReset));
  return null;
}

function session(id: string): WorkerSession {
  const found = sessions.get(id);
  if (!found) throw new WorkerSessionError('NOT_FOUND', `session ${id} is not on this worker`);
  return found;
}

function execute(factory: EnvFactory, command: WorkerCommand): ResetResult | StepResult | null {
  switch (command.kind) {
    case 'create': return createSession(factory, command);
    case 'reset': return session(command.sessionId).reset(command);
    case 'step': return session(command.sessionId).step(command);
    case 'close':
      sessions.get(command.sessionId)?.dispose();
      sessions.delete(command.sessionId);
      return null;
  }
}

function transferList(result: ResetResult | StepResult | null): ArrayBuffer[] {
  if (!result) return [];
  const arrays: ArrayBufferView[] = 'rewards' in result
    ? [result.observations, result.rewards, result.flags, result.finalObservations, result.resetSeeds]
    : [result.observations, result.seeds];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

async function main(): Promise<void> {
  const port = parentPort!;
  const { backendUrl } = workerData as EnvWorkerData;
  let factory: EnvFactory;
  try {
    const backend = (await import(backendUrl)) as EnvBackendModule;
    factory = await backend.createEnvFactory();
  } catch (error) {
    port.postMessage({ ready: true, error: String((error as Error)?.stack ?? error) } satisfies WorkerReady);
    return;
  }
  port.on('message', (request: WorkerRequest) => {
    let reply: WorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const result = execute(factory, request);
      reply = { requestId: request.requestId, result };
      transfer = transferList(result);
    } catch (error) {
      const code = error instanceof WorkerSessionError ? error.code : 'INTERNAL';
      reply = { requestId: request.requestId, failure: { code, message: (error as Error)?.message ?? String(error) } };
    }
    port.postMessage(reply, transfer);
  });
  port.postMessage({ ready: true } satisfies WorkerReady);
}

void main();
