// Episode videos in a report folder: the recorded evaluation episodes (REPORT/videos/task<T>-ep<k>.poses.*) are
// rendered by `qflow render-video` in a child process after the evaluation, to videos/<name>.mp4 and .gif, and
// success.md shows each GIF (linking to its MP4) under the success table.
import { join } from 'node:path';
import type { WrittenRecording } from '../evaluation/episode-recorder.js';
import { renderVideoProcess } from '../online/qflow-subprocess.js';

export const VIDEO_DIR = 'videos';

export interface EpisodeVideo { taskId: number; episode: number; success: boolean; return: number; length: number; gif: string; mp4: string }

/** Renders the recordings (in `reportDir/videos`); returns the videos with paths relative to `reportDir`. */
export async function renderReportVideos(reportDir: string, recordings: WrittenRecording[], log: (line: string) => void): Promise<EpisodeVideo[]> {
  if (!recordings.length) return [];
  const summary = await renderVideoProcess(recordings.map((r) => r.path), join(reportDir, VIDEO_DIR));
  log(`videos: ${summary.split('\n').at(-1)}`);
  return recordings.map((r) => ({
    taskId: r.taskId, episode: r.episode, success: r.outcome.success, return: r.outcome.return, length: r.outcome.length,
    gif: `${VIDEO_DIR}/${r.name}.gif`, mp4: `${VIDEO_DIR}/${r.name}.mp4`,
  }));
}

/** Markdown for success.md: one row per task, one clickable GIF per recorded episode. */
export function videoMarkdown(videos: EpisodeVideo[]): string[] {
  if (!videos.length) return [];
  const tasks = [...new Set(videos.map((v) => v.taskId))].sort((a, b) => a - b);
  const perTask = Math.max(...tasks.map((t) => videos.filter((v) => v.taskId === t).length));
  const cell = (v: EpisodeVideo) =>
    `[![task ${v.taskId} episode ${v.episode}](${v.gif})](${v.mp4})<br>episode ${v.episode}: ${v.success ? 'success' : 'failure'}, ` +
    `return ${v.return.toFixed(1)}, ${v.length} steps`;
  return [
    '## Episode videos',
    '',
    `The first ${perTask > 1 ? `${perTask} episodes` : 'episode'} of each task in the last evaluation (the final policy); ` +
      'click a GIF for its MP4 (one frame per env step).',
    '',
    `| task | ${Array.from({ length: perTask }, (_, i) => `episode ${i}`).join(' | ')} |`,
    `|---|${'---|'.repeat(perTask)}`,
    ...tasks.map((t) => `| ${t} | ${videos.filter((v) => v.taskId === t).sort((a, b) => a.episode - b.episode).map(cell).join(' | ')} |`),
  ];
}
