// `qflow render-video FILE...`: recorded evaluation episodes (`qflow eval --video N` writes
// videos/task<T>-ep<k>.poses.json) → MP4 + GIF, drawn by the live viewer's scene renderer in headless chromium.
import { parseArgs } from 'node:util';
import { GIF_MAX_SECONDS, renderEpisodeVideos, VIDEO_DEFAULTS } from '../video/episode-video.js';
import { findVideoTools, VIDEO_INSTALLER } from '../video/video-tools.js';

const HELP = `usage: qflow render-video FILE... [options]

Renders recorded evaluation episodes (FILE = a *.poses.json or *.poses.bin written by 'qflow eval --video N'
or 'qflow demo') to <name>.mp4 (H.264, one frame per env step) and a small <name>.gif (at most ${GIF_MAX_SECONDS} s:
longer episodes play faster in it), drawn by the live viewer's scene renderer in headless chromium; ffmpeg encodes. Needs Debian's chromium and ffmpeg (bash ${VIDEO_INSTALLER}).
Each frame shows the step, the return so far and the success flag.

options:
  --out DIR       output folder (default: next to each FILE)
  --width W       frame width in pixels (default ${VIDEO_DEFAULTS.width})
  --height H      frame height in pixels (default ${VIDEO_DEFAULTS.height})
  --fps F         frames (env steps) per second of the video (default ${VIDEO_DEFAULTS.fps}: real time for the
                  manipulation envs' 20 Hz control, 2x for the ant's 10 Hz)
  --check         only check that chromium and ffmpeg are installed (exit 1 with the installer to run if not)
  -h, --help      this text`;

export const RENDER_VIDEO_OPTIONS = {
  out: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' }, fps: { type: 'string' },
  check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: RENDER_VIDEO_OPTIONS });
  } catch (err) {
    console.error(`qflow render-video: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.check) {
    try {
      findVideoTools();
      return 0;
    } catch (err) {
      console.error(`qflow render-video: ${(err as Error).message}`);
      return 1;
    }
  }
  let sizes;
  try {
    if (!positionals.length) throw new Error('expected at least one recorded episode FILE (*.poses.json)');
    sizes = {
      width: evenPixels('width', values.width, VIDEO_DEFAULTS.width), height: evenPixels('height', values.height, VIDEO_DEFAULTS.height),
      fps: positiveInteger('fps', values.fps, VIDEO_DEFAULTS.fps),
    };
  } catch (err) {
    console.error(`qflow render-video: ${(err as Error).message}`);
    return 2;
  }
  try {
    const t0 = performance.now();
    const videos = await renderEpisodeVideos(positionals, { ...sizes, outDir: values.out });
    const sec = (performance.now() - t0) / 1000;
    const videoSec = videos.reduce((a, v) => a + v.frames / v.fps, 0);
    for (const v of videos) console.log(`${v.video} ${v.gif} (${v.frames} frames, ${v.width}x${v.height} at ${v.fps} fps)`);
    console.error(`rendered ${videoSec.toFixed(1)} s of video in ${sec.toFixed(1)} s: ${(sec / videoSec * 60).toFixed(1)} s of rendering per minute of video`);
    return 0;
  } catch (err) {
    console.error(`qflow render-video: ${(err as Error).message}`);
    return 1;
  }
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 240) throw new Error(`--${flag} must be an integer in 1..240, got '${text}'`);
  return Number(text);
}

/** H.264 with yuv420p needs even sizes. */
function evenPixels(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 16 || n > 4096 || n % 2) throw new Error(`--${flag} must be an even integer in 16..4096, got '${text}'`);
  return n;
}
