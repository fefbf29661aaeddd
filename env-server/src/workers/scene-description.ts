// A worker's answer to a scene command: one env of the id built in the thread's physics instance, reset to the
// task (the goals are placed by the reset), its geometry and goal markers read, and the env freed again.
import { readSceneGeometry } from '../physics/scene-geometry.js';
import type { EnvBackend } from './env-backend.js';
import type { SceneCommand, SceneResult } from './worker-protocol.js';
import { WorkerSessionError } from './worker-session.js';

export function describeScene(backend: EnvBackend, command: SceneCommand): SceneResult {
  const env = backend.createEnv(command.envId);
  try {
    if (!env.physics) throw new WorkerSessionError('UNIMPLEMENTED', `env ${command.envId} has no scene description`);
    env.reset(0n, command.taskId);
    return { geometry: readSceneGeometry(env.physics), goals: env.goalMarkers?.() ?? [] };
  } finally {
    env.dispose();
  }
}
