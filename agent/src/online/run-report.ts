// The report folder of an offline → online run: config.json (the full RunConfig, which `qflow train --config`
// reruns, plus package versions, seeds and the dataset's SHA-256), the success table before/after fine-tuning
// (success.md, success.json), timings and rates (summary.json) and the learning curves with phases marked (SVG).
import { existsSync, readFileSync } from 'node:fs';
import { replaceFile } from '../files/replace-file.js';
import { dirname, join } from 'node:path';
import type { EvalResult } from '../evaluation/policy-evaluation.js';
import { readEvalPoints, renderPhaseCurves } from '../reports/phase-curves.js';
import { QFLOW_BIN } from './qflow-subprocess.js';
import { videoMarkdown, type EpisodeVideo } from '../reports/episode-videos.js';
import type { RunSummary } from './offline-online-run.js';

export const REPORT_FILES = {
  config: 'config.json', successMd: 'success.md', successJson: 'success.json', summary: 'summary.json', curves: 'learning-curves.svg',
} as const;

const VERSIONED_PACKAGES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@mujoco/mujoco',
  '@grpc/grpc-js', 'msgpackr'];

/** Versions of node, our packages and the libraries that decide the numbers. */
export function packageVersions(): Record<string, string> {
  const root = join(dirname(QFLOW_BIN), '..');
  const read = (file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '?' : 'absent');
  const out: Record<string, string> = { node: process.version };
  for (const pkg of ['proto', 'datasets', 'env-server', 'agent']) out[`@qflow/${pkg}`] = read(join(root, pkg, 'package.json'));
  for (const pkg of VERSIONED_PACKAGES) out[pkg] = read(join(root, 'node_modules', pkg, 'package.json'));
  return out;
}

export function writeRunReport(s: RunSummary, dir: string, extra: Record<string, unknown> = {}, videos: EpisodeVideo[] = []): void {
  const c = s.config;
  replaceFile(join(dir, REPORT_FILES.config), JSON.stringify({
    run: { ...c, dataset: { ...c.dataset, sha256: s.datasetSha256 } },
    seeds: { agent: c.seed, datasetGeneration: c.dataset.generationSeed ?? null, evaluationResets: 'episode i of each task: seed i' },
    dataset: { path: s.datasetPath, sha256: s.datasetSha256, transitions: s.datasetTransitions },
    versions: packageVersions(),
    servers: s.servers,
    createdAt: new Date().toISOString(),
    rerun: `node bin/qflow.js train --config ${join(dir, REPORT_FILES.config)} --backend ${c.backend}`,
    ...extra,
  }, null, 2) + '\n');
  const table = successTable(s.before, s.after);
  replaceFile(join(dir, REPORT_FILES.successJson), JSON.stringify(table, null, 2) + '\n');
  replaceFile(join(dir, REPORT_FILES.successMd), successMarkdown(s, table, videos));
  replaceFile(join(dir, REPORT_FILES.summary), JSON.stringify({
    times: s.times, offlineUpdatesPerSec: s.offlineUpdatesPerSec, online: s.online && {
      envSteps: s.online.envSteps, updates: s.online.updates, envStepsPerSec: s.online.envStepsPerSec,
      updatesPerSec: s.online.updatesPerSec, envWaitShare: s.online.envWaitShare, envWaitSec: s.online.envWaitSec,
      updateSec: s.online.updateSec, actSec: s.online.actSec, wallSec: s.online.wallSec,
      committedTransitions: s.online.committedTransitions, droppedTransitions: s.online.droppedTransitions,
      lostEpisodes: s.online.lostEpisodes, completedEpisodes: s.online.completedEpisodes,
    },
    bufferSize: s.bufferSize, datasetTransitions: s.datasetTransitions, finalStep: s.finalStep,
  }, null, 2) + '\n');
  const points = readEvalPoints(s.metricsPath);
  replaceFile(join(dir, REPORT_FILES.curves), renderPhaseCurves(points, c.offlineSteps,
    `${c.agent} on ${c.envId}: ${c.offlineSteps} offline updates, then ${c.onlineSteps} online env steps (seed ${c.seed})`));
}

interface SuccessRow { task: number; before: number | null; after: number | null }

function successTable(before?: EvalResult, after?: EvalResult): { rows: SuccessRow[]; mean: SuccessRow & { task: 0 }; episodesPerTask: number } {
  const tasks = (after ?? before)?.tasks.map((t) => t.taskId) ?? [];
  const of = (r: EvalResult | undefined, task: number) => r?.tasks.find((t) => t.taskId === task)?.success ?? null;
  return {
    rows: tasks.map((task) => ({ task, before: of(before, task), after: of(after, task) })),
    mean: { task: 0, before: before?.success ?? null, after: after?.success ?? null },
    episodesPerTask: (after ?? before)?.tasks[0]?.episodes ?? 0,
  };
}

function successMarkdown(s: RunSummary, t: ReturnType<typeof successTable>, videos: EpisodeVideo[]): string {
  const p = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `# ${s.config.agent} on ${s.config.envId}`,
    '',
    `Dataset ${s.config.dataset.name} (${s.datasetTransitions} transitions, sha256 \`${s.datasetSha256}\`), seed ${s.config.seed}, ` +
      `backend ${s.config.backend}. ${s.config.offlineSteps} offline updates, then ${s.config.onlineSteps} online env steps ` +
      `(utd ${s.config.utd}, ${s.config.numEnvs} envs). Success over ${t.episodesPerTask} episodes per task.`,
    '',
    '| task | before fine-tuning | after fine-tuning |',
    '|---|---|---|',
    ...t.rows.map((r) => `| ${r.task} | ${p(r.before)} | ${p(r.after)} |`),
    `| **mean** | **${p(t.mean.before)}** | **${p(t.mean.after)}** |`,
    '',
    ...(videos.length ? [...videoMarkdown(videos), ''] : []),
    `Wall time: dataset ${s.times.datasetSec.toFixed(0)} s, offline ${s.times.offlineSec.toFixed(0)} s, online ${s.times.onlineSec.toFixed(0)} s.`,
  ];
  if (s.online) {
    lines.push(`Online: ${s.online.envStepsPerSec.toFixed(1)} env steps/s, ${s.online.updatesPerSec.toFixed(1)} updates/s, ` +
      `${(s.online.envWaitShare * 100).toFixed(1)}% of the phase waiting on env servers.`);
  }
  return lines.join('\n') + '\n';
}
