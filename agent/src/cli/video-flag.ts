// `--video N` of `qflow eval` and `qflow demo`: record and render the first N evaluation episodes per task. The
// renderer's tools (chromium, ffmpeg) are checked before any work, so a missing one never costs a finished run.
import { checkVideoTools } from '../online/qflow-subprocess.js';
import { parseInteger, UsageError } from './cli-options.js';

export const VIDEO_OPTION = { video: { type: 'string' } } as const;

export function videoFlagHelp(fallback: number): string {
  return `  --video N              render the first N evaluation episodes per task to videos/ (MP4 + GIF, shown in
                         success.md); needs chromium and ffmpeg (.ci/install-video.sh); default ${fallback}`;
}

/**
 * Episodes per task to render. An explicit N > 0 with chromium or ffmpeg missing is a usage error naming the
 * installer; the command's own default then only warns (via `warn`) and renders none.
 */
export async function parseVideoFlag(text: string | undefined, fallback: number, warn: (line: string) => void): Promise<number> {
  const n = text === undefined ? fallback : parseInteger('video', text, 0);
  if (n === 0) return 0;
  try {
    await checkVideoTools();
    return n;
  } catch (err) {
    if (text !== undefined) throw new UsageError(`--video ${n}: ${(err as Error).message}`);
    warn(`no episode videos: ${(err as Error).message}; pass --video 0 to skip them without this warning`);
    return 0;
  }
}
