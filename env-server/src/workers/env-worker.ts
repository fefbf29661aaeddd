// Entry point of an env worker thread: loads its backend (one MuJoCo instance), then serves the main
// thread's commands for the sessions assigned to it in arrival order, one at a time, except that a long build,
// reset or step steps aside between envs for the commands that arrived meanwhile (work-slices.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { EnvBackend, EnvBackendModule } from './env-backend.js';
import { describeScene } from './scene-description.js';
import { WorkSlices, foreground } from './work-slices.js';
import { WorkerSession, WorkerSessionError } from './worker-session.js';
import type {
  CreateCommand, MeasureResult, SceneResult, SessionResetResult, SessionStepResult, WorkerCommand, WorkerReady, WorkerReply, WorkerRequest,
} from './worker-protocol.js';

interface EnvWorkerData {
  backendUrl: string;
}

type CommandResult = SessionResetResult | SessionStepResult | MeasureResult | SceneResult | null;

const sessions = new Map<string, WorkerSession>();

/** Env construction failed inside the physics instance; the main thread retires this worker. */
class InstanceFailure extends Error {}

/** Builds a session's envs, in background slices (hundreds of envs take seconds). */
async function createSession(backend: EnvBackend, command: CreateCommand): Promise<null> {
  const envs = [];
  const slices = new WorkSlices(true);
  try {
    for (let i = 0; i < command.numEnvs; i++) {
      await slices.next();
      envs.push(backend.createEnv(command.envId));
    }
  } catch (error) {
    for (const env of envs) env.dispose();
    throw new InstanceFailure(`building env ${envs.length + 1} of ${command.numEnvs} failed: ${(error as Error)?.message ?? String(error)}`);
  }
  sessions.set(command.sessionId, new WorkerSession(envs, command.seed, command.autoReset));
  return null;
}

function session(id: string): WorkerSession {
  const found = sessions.get(id);
  if (!found) throw new WorkerSessionError('NOT_FOUND', `session ${id} is not on this worker`);
  return found;
}

function execute(backend: EnvBackend, command: WorkerCommand): CommandResult | Promise<CommandResult> {
  switch (command.kind) {
    case 'create': return createSession(backend, command);
    case 'reset': return foreground(() => session(command.sessionId).reset(command));
    case 'step': return foreground(() => session(command.sessionId).step(command));
    case 'close':
      sessions.get(command.sessionId)?.dispose();
      sessions.delete(command.sessionId);
      return null;
    case 'measure': return backend.measureEnvBytes(command.envId).then((envBytes) => ({ envBytes }));
    case 'scene': return describeScene(backend, command);
  }
}

function transferList(result: CommandResult): ArrayBuffer[] {
  if (!result || 'envBytes' in result || 'geometry' in result) return [];
  const arrays: ArrayBufferView[] = 'rewards' in result
    ? [result.observations, result.rewards, result.flags, result.finalObservations, result.resetSeeds, ...(result.bodyPoses ? [result.bodyPoses] : []), ...(result.watchedPoses ? [result.watchedPoses] : [])]
    : [result.observations, result.seeds];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

function failureReply(requestId: number, error: unknown): WorkerReply {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof WorkerSessionError) return { requestId, failure: { code: error.code, message } };
  if (error instanceof InstanceFailure) {
    const code = /alloc|memory/i.test(message) ? 'RESOURCE_EXHAUSTED' : 'INTERNAL';
    return { requestId, failure: { code, message, instanceSuspect: true } };
  }
  return { requestId, failure: { code: 'INTERNAL', message } };
}

async function main(): Promise<void> {
  const port = parentPort!;
  const { backendUrl } = workerData as EnvWorkerData;
  let backend: EnvBackend;
  try {
    backend = await ((await import(backendUrl)) as EnvBackendModule).createEnvBackend();
  } catch (error) {
    port.postMessage({ ready: true, error: String((error as Error)?.stack ?? error) } satisfies WorkerReady);
    return;
  }
  const reply = (request: WorkerRequest, result: CommandResult) =>
    port.postMessage({ requestId: request.requestId, result } satisfies WorkerReply, transferList(result));
  port.on('message', (request: WorkerRequest) => {
    try {
      const result = execute(backend, request);
      if (result instanceof Promise) {
        result.then((r) => reply(request, r), (error) => port.postMessage(failureReply(request.requestId, error)));
      } else {
        reply(request, result);
      }
    } catch (error) {
      port.postMessage(failureReply(request.requestId, error));
    }
  });
  port.postMessage({ ready: true, heapCapacityBytes: backend.heapCapacityBytes } satisfies WorkerReady);
}

void main();
