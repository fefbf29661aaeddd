// Renders recorded evaluation episodes (`*.poses.json`, see @qflow/proto episode-recording) to video: one headless
// chromium (puppeteer-core) draws each step's poses with the live viewer's scene renderer on a loopback frame page,
// frame by frame on request, and ffmpeg encodes the frames to `<name>.mp4` (one frame per env step at `fps`) and a
// small `<name>.gif` (at most GIF_MAX_SECONDS long: longer episodes play faster there).
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { POSES_DATA_SUFFIX, POSES_HEADER_SUFFIX, readEpisodeRecording, type EpisodeRecording } from '@qflow/proto';
import { sceneSpecToJson } from '../viewer/scene-json.js';
import { startFramePageServer } from './frame-page-server.js';
import { findVideoTools, type VideoTools } from './video-tools.js';
import { startMp4Encoder, writeGif } from './video-encoding.js';

export interface RenderVideoOptions {
  /** Output folder (default: each recording's own folder). */
  outDir?: string;
  width?: number;
  height?: number;
  /** Frames (= env steps) per second of the MP4. */
  fps?: number;
  gifWidth?: number;
  gifFps?: number;
  tools?: Partial<VideoTools>;
  log?: (line: string) => void;
}

export interface RenderedVideo { source: string; video: string; gif: string; frames: number; width: number; height: number; fps: number }

export const VIDEO_DEFAULTS = { width: 480, height: 360, fps: 20, gifWidth: 240, gifFps: 10 } as const;

/** A GIF longer than this many seconds is sped up to fit (a 1000-step antmaze episode: 2 MB at real time). */
export const GIF_MAX_SECONDS = 20;

/** Frames fetched from the page per round trip. */
const FRAME_BATCH = 8;

export async function renderEpisodeVideos(files: string[], opts: RenderVideoOptions = {}): Promise<RenderedVideo[]> {
  const tools = findVideoTools(opts.tools);
  const recordings = files.map((f) => ({ file: f, recording: readEpisodeRecording(f) }));
  const browser = await launchChromium(tools.chromium);
  try {
    const out: RenderedVideo[] = [];
    for (const { file, recording } of recordings) {
      out.push(await renderOne(browser, tools, file, recording, opts));
      opts.log?.(`video: ${out.at(-1)!.video} (${recording.rewards.length} frames)`);
    }
    return out;
  } finally {
    await browser.close();
  }
}

function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath, headless: true,
    // --no-sandbox: CI runs as root; SwiftShader: WebGL without a GPU; a software 2D canvas (the frame with its text
    // line, encoded to PNG) took a quarter less chromium CPU per frame than SwiftShader's (measured, 480x360 cube).
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-dev-shm-usage',
      '--disable-accelerated-2d-canvas'],
  });
}

async function renderOne(browser: Browser, tools: VideoTools, file: string, r: EpisodeRecording, opts: RenderVideoOptions): Promise<RenderedVideo> {
  const { width, height, fps, gifWidth, gifFps } = { ...VIDEO_DEFAULTS, ...definedOnly(opts) };
  const outDir = opts.outDir ?? dirname(file);
  mkdirSync(outDir, { recursive: true });
  const name = basename(file).replace(POSES_HEADER_SUFFIX, '').replace(POSES_DATA_SUFFIX, '');
  const video = join(outDir, `${name}.mp4`);
  const gif = join(outDir, `${name}.gif`);
  const server = await startFramePageServer({
    episode: pageEpisode(r, width, height), poses: Buffer.from(r.poses.buffer, r.poses.byteOffset, r.poses.byteLength),
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String((e as Error).message ?? e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.setViewport({ width, height });
    await page.goto(server.url, { waitUntil: 'load' });
    const steps = await pageCall(page, errors, 'window.videoPage.then((p) => p.steps)') as number;
    const encoder = startMp4Encoder(tools.ffmpeg, video, fps);
    for (let t = 0; t < steps; t += FRAME_BATCH) {
      const urls = await pageCall(page, errors, `window.videoPage.then((p) => p.renderFrames(${t}, ${FRAME_BATCH}))`) as string[];
      for (const u of urls) await encoder.write(Buffer.from(u.slice(u.indexOf(',') + 1), 'base64'));
    }
    await encoder.finish();
    await writeGif(tools.ffmpeg, video, gif, gifWidth, gifFps, Math.max(1, steps / fps / GIF_MAX_SECONDS));
    return { source: file, video, gif, frames: steps, width, height, fps };
  } finally {
    await page.close();
    await server.close();
  }
}

/** Evaluates `expression` in the frame page (window.videoPage: frame-page.js). */
async function pageCall(page: Page, errors: string[], expression: string): Promise<unknown> {
  try {
    return await page.evaluate(expression);
  } catch (err) {
    throw new Error(`the video frame page failed: ${(err as Error).message}${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`);
  }
}

/** What the frame page needs of a recording (the poses go separately, as binary). */
function pageEpisode(r: EpisodeRecording, width: number, height: number) {
  return {
    title: `task ${r.taskId} · episode ${r.episode}`, width, height, steps: r.rewards.length, nbody: r.nbody,
    rewards: r.rewards, success: r.success, scene: sceneSpecToJson(r.scene),
    goal: r.scene.goals[0]?.position ?? null, cameraMode: r.scene.followBody ? 'follow' : 'orbit',
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
