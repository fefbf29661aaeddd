// Recording evaluation episodes for videos: the evaluation asks the env for body poses of the first N episodes per
// task only (StepOptions.renderPoses; results are unchanged) and hands each step here. A later evaluation with the
// same recorder replaces an episode's recording, so after a training run the files show the final policy.
import { mkdirSync } from 'node:fs';
import { writeEpisodeRecording, type EpisodeOutcome, type SceneSpec } from '@qflow/proto';

/** What evaluatePolicy reports about the episodes it records. */
export interface EpisodeRecorder {
  /** Whether episode `index` (0-based within its task) of `taskId` is recorded. */
  wants(taskId: number, index: number): boolean;
  /** Step `t` (0 = the episode's first) of a recorded episode; `poses` is undefined when the env sent none. */
  step(taskId: number, index: number, t: number, frame: { poses?: Float32Array; reward: number; success: boolean }): void;
  /** The recorded episode ended. */
  end(taskId: number, index: number, seed: number, outcome: EpisodeOutcome): void;
}

/** A recording written to disk. */
export interface WrittenRecording { path: string; name: string; taskId: number; episode: number; outcome: EpisodeOutcome }

interface Recording {
  taskId: number;
  episode: number;
  seed: number;
  poses: Float32Array[];
  rewards: number[];
  success: boolean[];
  outcome?: EpisodeOutcome;
}

export class PoseRecorder implements EpisodeRecorder {
  private readonly episodes = new Map<string, Recording>();
  /** Set when an env server sent no body poses (it does not support render_poses): those episodes are dropped. */
  posesMissing = false;

  constructor(readonly episodesPerTask: number) {
    if (!Number.isInteger(episodesPerTask) || episodesPerTask < 0) {
      throw new Error(`PoseRecorder: episodes per task must be an integer >= 0, got ${episodesPerTask}`);
    }
  }

  wants(_taskId: number, index: number): boolean {
    return index < this.episodesPerTask;
  }

  step(taskId: number, index: number, t: number, frame: { poses?: Float32Array; reward: number; success: boolean }): void {
    const key = `${taskId}/${index}`;
    if (t === 0) this.episodes.set(key, { taskId, episode: index, seed: 0, poses: [], rewards: [], success: [] });
    const r = this.episodes.get(key);
    if (!r) return; // dropped: no poses
    if (r.poses.length !== t) throw new Error(`PoseRecorder: step ${t} of task ${taskId} episode ${index} arrived out of order`);
    if (!frame.poses) {
      this.posesMissing = true;
      this.episodes.delete(key);
      return;
    }
    r.poses.push(frame.poses.slice());
    r.rewards.push(frame.reward);
    r.success.push(frame.success);
  }

  end(taskId: number, index: number, seed: number, outcome: EpisodeOutcome): void {
    const r = this.episodes.get(`${taskId}/${index}`);
    if (!r) return; // dropped: no poses
    r.seed = seed;
    r.outcome = outcome;
  }

  /** Completed recordings, by task then episode. */
  get completed(): Recording[] {
    return [...this.episodes.values()].filter((r) => r.outcome).sort((a, b) => a.taskId - b.taskId || a.episode - b.episode);
  }

  /** Writes each completed episode as `<dir>/task<T>-ep<k>.poses.{json,bin}`; says (`log`) when poses were missing. */
  async write(dir: string, envId: string, sceneOf: (taskId: number) => Promise<SceneSpec>, log: (line: string) => void): Promise<WrittenRecording[]> {
    if (this.posesMissing) log('videos: an env server sent no body poses (it does not support render_poses); those episodes have no video');
    const completed = this.completed;
    if (completed.length) mkdirSync(dir, { recursive: true });
    const written: WrittenRecording[] = [];
    for (const r of completed) {
      const name = `task${r.taskId}-ep${r.episode}`;
      const nbody = r.poses[0]!.length / 7;
      const poses = new Float32Array(r.poses.length * nbody * 7);
      r.poses.forEach((p, t) => poses.set(p, t * nbody * 7));
      const path = writeEpisodeRecording(dir, name, {
        envId, taskId: r.taskId, episode: r.episode, seed: r.seed, nbody, poses, rewards: r.rewards, success: r.success,
        outcome: r.outcome!, scene: await sceneOf(r.taskId),
      });
      written.push({ path, name, taskId: r.taskId, episode: r.episode, outcome: r.outcome! });
    }
    return written;
  }
}
