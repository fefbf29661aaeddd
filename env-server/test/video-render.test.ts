// `qflow render-video` in its own process on a recorded episode: the MP4 has one frame per recorded step at the
// requested size and shows the scene (the bodies' colour in its first and last frames), the GIF decodes,
// and a machine without chromium or ffmpeg gets an error naming the installer.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { GeomType, SceneSpec, writeEpisodeRecording } from '@qflow/proto';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const QFLOW = join(REPO, 'bin', 'qflow.js');
const STEPS = 30;
const NBODY = 3;

const dir = mkdtempSync(join(tmpdir(), 'qflow-video-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ORANGE = [1, 0.5, 0, 1];

/** A three-body episode on a grey floor: two orange balls circling the origin. */
function recordEpisode(): string {
  const poses = new Float32Array(STEPS * NBODY * 7);
  for (let t = 0; t < STEPS; t++) {
    for (let b = 1; b < NBODY; b++) {
      const o = (t * NBODY + b) * 7;
      poses.set([Math.cos(t / 5 + b), Math.sin(t / 5 + b), 0.5, 1, 0, 0, 0], o);
    }
  }
  const scene = SceneSpec.fromPartial({
    envId: 'test-env', taskId: 1, bodies: [{ name: 'world' }, { name: 'a', parent: 0 }, { name: 'b', parent: 1 }],
    geoms: [
      { type: GeomType.GEOM_TYPE_PLANE, size: [3, 3, 0.1], rgba: [0.5, 0.5, 0.5, 1], body: 0, pos: [0, 0, 0], quat: [1, 0, 0, 0] },
      { type: GeomType.GEOM_TYPE_SPHERE, size: [0.25, 0, 0], rgba: ORANGE, body: 1, pos: [0, 0, 0], quat: [1, 0, 0, 0] },
      { type: GeomType.GEOM_TYPE_SPHERE, size: [0.25, 0, 0], rgba: ORANGE, body: 2, pos: [0, 0, 0], quat: [1, 0, 0, 0] },
    ],
    camera: { lookat: [0, 0, 0], distance: 4, azimuth: 90, elevation: -60, extent: 2 },
    goals: [{ label: 'agent', position: [0.5, -0.5, 0], radius: 0.1, planar: true }], followBody: 1,
  });
  return writeEpisodeRecording(dir, 'task1-ep0', {
    envId: 'test-env', taskId: 1, episode: 0, seed: 0, nbody: NBODY, poses, rewards: Array(STEPS).fill(-1),
    success: Array.from({ length: STEPS }, (_, t) => t >= STEPS - 5), outcome: { success: true, return: -STEPS, length: STEPS },
    scene,
  });
}

function probe(file: string): { codec_name: string; width: number; height: number; nb_read_frames: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file], { encoding: 'utf8' });
  return (JSON.parse(out) as { streams: ReturnType<typeof probe>[] }).streams[0]!;
}

/** Pixels of frame `n` whose colour is close to orange (the video is lossy). */
function orangePixels(mp4: string, n: number): number {
  const rgb = execFileSync('ffmpeg', ['-v', 'error', '-i', mp4, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  let count = 0;
  for (let i = 0; i < rgb.length; i += 3) if (rgb[i]! > 180 && rgb[i + 1]! > 60 && rgb[i + 1]! < 170 && rgb[i + 2]! < 80) count++;
  return count;
}

test('render-video: an MP4 with one frame per step at 480x360 showing the scene, and a GIF that decodes', () => {
  const header = recordEpisode();
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [QFLOW, 'render-video', header, '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr); // without chromium or ffmpeg: the message names .ci/install-video.sh
  const mp4 = probe(join(out, 'task1-ep0.mp4'));
  assert.deepEqual({ ...mp4, nb_read_frames: Number(mp4.nb_read_frames) }, { codec_name: 'h264', width: 480, height: 360, nb_read_frames: STEPS });
  const gif = probe(join(out, 'task1-ep0.gif'));
  assert.equal(gif.codec_name, 'gif');
  assert.equal(gif.width, 240);
  assert.ok(Number(gif.nb_read_frames) > 1, `GIF frames: ${gif.nb_read_frames}`);
  for (const n of [0, STEPS - 1]) assert.ok(orangePixels(join(out, 'task1-ep0.mp4'), n) > 200, `frame ${n} shows the orange bodies`);
});

test('render-video: without chromium and ffmpeg it fails with the installer named, writing nothing', () => {
  const header = recordEpisode();
  const out = join(dir, 'no-tools');
  const r = spawnSync(process.execPath, [QFLOW, 'render-video', header, '--out', out], { encoding: 'utf8', env: { ...process.env, PATH: '' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /needs chromium and ffmpeg, not found on PATH; install with 'sudo bash \.ci\/install-video\.sh'/);
  assert.throws(() => statSync(out));
});
