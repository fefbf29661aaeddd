// Seconds of rendering per minute of episode video (`npm run bench:video`): one episode each of cube-single
// (200 steps) and antmaze-medium (1000 steps), played with fixed sinusoidal actions on an in-process server with
// render_poses on, recorded as `qflow eval --video` records, then rendered as `qflow render-video` renders (headless
// chromium + ffmpeg, 480x360, one frame per step at 20 fps, plus the GIF). Reports wall seconds per minute of
// video for each, chromium start included (once per render-video call).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { credentials } from '@grpc/grpc-js';
import {
  decodeFloat32, encodeTensor, EnvironmentServiceClient, writeEpisodeRecording, type GetEnvSpecResponse,
  type GetSceneSpecResponse, type StepResponse,
} from '@qflow/proto';
import { startServer } from '../src/index.js';
import { renderEpisodeVideos } from '../src/video/episode-video.js';

const ENVS = ['cube-single-play-singletask-task1-v0', 'antmaze-medium-navigate-singletask-task1-v0'];
const HELP = `usage: npm run bench:video [-- --envs ID,ID]
  --envs LIST   env ids, one episode each (default ${ENVS.join(',')})`;

function call<Res>(fn: (callback: (error: Error | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

/** Plays one episode of `envId` task 1 (seed 1) and writes its recording into `dir`; returns the header path. */
async function recordEpisode(client: EnvironmentServiceClient, envId: string, dir: string): Promise<string> {
  const spec = (await call<GetEnvSpecResponse>((cb) => client.getEnvSpec({ envId }, cb))).spec!;
  const scene = (await call<GetSceneSpecResponse>((cb) => client.getSceneSpec({ envId, taskId: 1 }, cb))).scene!;
  const { sessionId } = await call<{ sessionId: string }>((cb) => client.createSession({
    envId, numEnvs: 1, seed: 1n, leaseSeconds: 0, taskId: 1, disableAutoReset: true,
  }, cb));
  await call((cb) => client.reset({ sessionId, envIds: [], seeds: [1n], taskIds: [1], useSeedSequence: false }, cb));
  const actDim = spec.action!.shape.reduce((a, b) => a * b, 1);
  const poses: Float32Array[] = [];
  const rewards: number[] = [];
  const success: boolean[] = [];
  for (let t = 0; ; t++) {
    const action = Float32Array.from({ length: actDim }, (_, j) => Math.sin(t / 7 + j * 1.3));
    const r = await call<StepResponse>((cb) => client.step({
      sessionId, envIds: [], actions: encodeTensor(action, [1, actDim]), sequence: 0n, renderPoses: true,
    }, cb));
    poses.push(decodeFloat32(r.bodyPoses!));
    rewards.push(r.rewards[0]!);
    success.push(r.success[0]!);
    if (r.terminated[0] || r.truncated[0]) break;
  }
  await call((cb) => client.closeSession({ sessionId }, cb));
  const nbody = poses[0]!.length / 7;
  const all = new Float32Array(poses.length * nbody * 7);
  poses.forEach((p, t) => all.set(p, t * nbody * 7));
  return writeEpisodeRecording(dir, envId, {
    envId, taskId: 1, episode: 0, seed: 1, nbody, poses: all, rewards, success,
    outcome: { success: success.at(-1)!, return: rewards.reduce((a, b) => a + b, 0), length: rewards.length }, scene,
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { envs: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(HELP);
  const envs = values.envs?.split(',') ?? ENVS;
  const dir = mkdtempSync(join(tmpdir(), 'qflow-video-bench-'));
  const server = await startServer({ workers: 1 });
  const client = new EnvironmentServiceClient(server.address, credentials.createInsecure());
  try {
    const files: string[] = [];
    for (const envId of envs) files.push(await recordEpisode(client, envId, dir));
    await server.close(); // rendering runs after the evaluation, with no env server left busy
    for (const file of files) {
      const start = performance.now();
      const [video] = await renderEpisodeVideos([file], { outDir: dir });
      const seconds = (performance.now() - start) / 1000;
      const videoSeconds = video!.frames / video!.fps;
      console.log(`${file.split('/').at(-1)!.replace('.poses.json', '')}: ${video!.frames} frames (${videoSeconds.toFixed(0)} s of video at ` +
        `${video!.fps} fps) rendered in ${seconds.toFixed(1)} s: ${(seconds / videoSeconds * 60).toFixed(1)} s of rendering per minute of video`);
    }
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
