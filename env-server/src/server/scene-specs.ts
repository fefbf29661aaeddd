// The scene of each (env id, task), described once by the measuring thread (an env built there, never in a
// thread hosting sessions) and cached for the server's life: at most one entry per env id and task.
import type { SceneSpec } from '@qflow/proto';
import type { MeasuringThread } from '../workers/measuring-thread.js';
import { sceneSpecMessage } from './scene-message.js';

export class SceneSpecs {
  private readonly scenes = new Map<string, Promise<SceneSpec>>();

  constructor(private readonly thread: MeasuringThread) {}

  /** The scene of canonical id `envId` with the goals of task `taskId` (1..numTasks, already validated). */
  of(envId: string, taskId: number): Promise<SceneSpec> {
    const key = `${envId}#${taskId}`;
    let scene = this.scenes.get(key);
    if (!scene) {
      scene = this.thread.describeScene(envId, taskId).then((result) => sceneSpecMessage(envId, taskId, result));
      this.scenes.set(key, scene);
      scene.catch(() => this.scenes.delete(key));
    }
    return scene;
  }
}
