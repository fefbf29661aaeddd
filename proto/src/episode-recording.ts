// The file pair of one recorded episode, written by an evaluation (`qflow eval --video N`) and replayed by a
// renderer (`qflow render-video`) in another process: `<name>.poses.json`, a header with the env's scene and the
// per-step reward and success flag, and `<name>.poses.bin`, the body poses as little-endian float32
// [steps, nbody, 7] (x, y, z, qw, qx, qy, qz per body, bodies in SceneSpec.bodies order; row t = after step t+1).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SceneSpec } from './gen/qflow/v1/scene.js';

export const EPISODE_RECORDING_FORMAT = 'qflow.episode-poses';
export const EPISODE_RECORDING_VERSION = 1;
export const POSES_HEADER_SUFFIX = '.poses.json';
export const POSES_DATA_SUFFIX = '.poses.bin';

export interface EpisodeOutcome { success: boolean; return: number; length: number }

export interface EpisodeRecording {
  envId: string;
  taskId: number;
  /** Index of the episode within its task's evaluation (reset with seed `seed`). */
  episode: number;
  seed: number;
  nbody: number;
  /** [steps, nbody, 7]. */
  poses: Float32Array;
  /** Per step: the reward and the env's success flag after it. */
  rewards: number[];
  success: boolean[];
  outcome: EpisodeOutcome;
  scene: SceneSpec;
}

interface Header {
  format: string;
  version: number;
  envId: string;
  taskId: number;
  episode: number;
  seed: number;
  steps: number;
  nbody: number;
  poses: string;
  rewards: number[];
  success: number[];
  outcome: EpisodeOutcome;
  scene: unknown;
}

/** Writes `<dir>/<name>.poses.json` and `.poses.bin`; returns the header's path. */
export function writeEpisodeRecording(dir: string, name: string, r: EpisodeRecording): string {
  const steps = r.rewards.length;
  if (r.success.length !== steps || r.poses.length !== steps * r.nbody * 7) {
    throw new Error(`episode recording ${name}: ${steps} rewards, ${r.success.length} success flags and ${r.poses.length} ` +
      `pose values do not agree (nbody ${r.nbody})`);
  }
  const data = join(dir, name + POSES_DATA_SUFFIX);
  writeFileSync(data, littleEndian(r.poses));
  const header: Header = {
    format: EPISODE_RECORDING_FORMAT, version: EPISODE_RECORDING_VERSION, envId: r.envId, taskId: r.taskId,
    episode: r.episode, seed: r.seed, steps, nbody: r.nbody, poses: basename(data), rewards: r.rewards,
    success: r.success.map(Number), outcome: r.outcome, scene: SceneSpec.toJSON(r.scene),
  };
  const path = join(dir, name + POSES_HEADER_SUFFIX);
  writeFileSync(path, JSON.stringify(header) + '\n');
  return path;
}

/** Reads a recording from its header (`.poses.json`) or data (`.poses.bin`) path; throws naming what is wrong. */
export function readEpisodeRecording(path: string): EpisodeRecording {
  const headerPath = path.endsWith(POSES_DATA_SUFFIX) ? path.slice(0, -POSES_DATA_SUFFIX.length) + POSES_HEADER_SUFFIX : path;
  if (!headerPath.endsWith(POSES_HEADER_SUFFIX)) {
    throw new Error(`${path}: not an episode recording (expected a *${POSES_HEADER_SUFFIX} or *${POSES_DATA_SUFFIX} file)`);
  }
  const h = JSON.parse(readFileSync(headerPath, 'utf8')) as Header;
  if (h.format !== EPISODE_RECORDING_FORMAT || h.version !== EPISODE_RECORDING_VERSION) {
    throw new Error(`${headerPath}: format ${h.format} v${h.version}, expected ${EPISODE_RECORDING_FORMAT} v${EPISODE_RECORDING_VERSION}`);
  }
  const bytes = readFileSync(join(dirname(headerPath), h.poses));
  const expected = h.steps * h.nbody * 7 * 4;
  if (bytes.length !== expected || h.rewards.length !== h.steps || h.success.length !== h.steps) {
    throw new Error(`${headerPath}: ${h.steps} steps x ${h.nbody} bodies need ${expected} pose bytes and ${h.steps} rewards and ` +
      `success flags; found ${bytes.length} bytes, ${h.rewards.length} rewards, ${h.success.length} flags`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const poses = Float32Array.from({ length: expected / 4 }, (_, i) => view.getFloat32(i * 4, true));
  return {
    envId: h.envId, taskId: h.taskId, episode: h.episode, seed: h.seed, nbody: h.nbody, poses, rewards: h.rewards,
    success: h.success.map(Boolean), outcome: h.outcome, scene: SceneSpec.fromJSON(h.scene),
  };
}

function littleEndian(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}
