// The external programs a video needs: Debian's chromium (headless renderer) and ffmpeg/ffprobe (encoder). Missing
// ones are an error naming the installer, never a silent skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const VIDEO_INSTALLER = '.ci/install-video.sh';

export interface VideoTools { chromium: string; ffmpeg: string }

export class MissingVideoToolError extends Error {}

/** Finds chromium and ffmpeg on `path` (default $PATH); `overrides` name explicit executables (tests, --chromium). */
export function findVideoTools(overrides: Partial<VideoTools> = {}, path = process.env.PATH ?? ''): VideoTools {
  const chromium = overrides.chromium ?? onPath(['chromium', 'chromium-browser'], path);
  const ffmpeg = overrides.ffmpeg ?? onPath(['ffmpeg'], path);
  const missing = [!isExecutable(chromium) && 'chromium', !isExecutable(ffmpeg) && 'ffmpeg'].filter(Boolean);
  if (missing.length) {
    throw new MissingVideoToolError(`rendering videos needs ${missing.join(' and ')}, not found` +
      `${overrides.chromium || overrides.ffmpeg ? '' : ' on PATH'}; install with 'sudo bash ${VIDEO_INSTALLER}' ` +
      `(Debian: apt-get install chromium ffmpeg)`);
  }
  return { chromium: chromium!, ffmpeg: ffmpeg! };
}

function onPath(names: string[], path: string): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of names) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function isExecutable(file: string | undefined): boolean {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
