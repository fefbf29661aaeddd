// ffmpeg as the encoder: PNG frames piped in → H.264 MP4 at a fixed frame rate (one frame per env step), then a
// small palette GIF of that MP4 for Markdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface Mp4Encoder {
  /** Appends one PNG frame (waits when ffmpeg's input is full). */
  write(png: Buffer): Promise<void>;
  /** Closes the input and waits for ffmpeg to finish the file. */
  finish(): Promise<void>;
}

export function startMp4Encoder(ffmpeg: string, out: string, fps: number): Mp4Encoder {
  const child = spawn(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'image2pipe', '-c:v', 'png', '-framerate', String(fps), '-i', '-',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', out,
  ], { stdio: ['pipe', 'ignore', 'pipe'] });
  const done = exited(child, `ffmpeg (encoding ${out})`);
  done.catch(() => {}); // reported by write/finish
  return {
    async write(png) {
      if (!child.stdin!.write(png)) await Promise.race([once(child.stdin!, 'drain'), done]);
    },
    async finish() {
      child.stdin!.end();
      await done;
    },
  };
}

/** `mp4` → `gif`, `width` pixels wide at `fps` frames per second, with a palette made for this clip; sped up by
 * `speed` (1 = real time). */
export async function writeGif(ffmpeg: string, mp4: string, gif: string, width: number, fps: number, speed: number): Promise<void> {
  const filter = `setpts=PTS/${speed},fps=${fps},scale=${width}:-2:flags=lanczos,split[a][b];[a]palettegen=max_colors=64:stats_mode=diff[p];` +
    '[b][p]paletteuse=dither=bayer:bayer_scale=3';
  const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', mp4, '-vf', filter, gif], { stdio: ['ignore', 'ignore', 'pipe'] });
  await exited(child, `ffmpeg (GIF ${gif})`);
}

function exited(child: ChildProcess, what: string): Promise<void> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
  child.stdin?.on('error', () => {}); // a dead ffmpeg is reported through its exit status
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`${what}: ${err.message}`)));
    child.once('close', (code, signal) => (code === 0 ? resolve()
      : reject(new Error(`${what} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}`))));
  });
}
