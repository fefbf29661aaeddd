// Runs an offline → online RunConfig from the CLI (demo, train --online-steps, train --config): env servers,
// the run, the report folder, and a closing summary on stdout.
import { join, resolve } from 'node:path';
import { serveMetrics } from '@qflow/proto';
import { loadCheckpoint } from '../checkpoints/checkpoint.js';
import { AgentMetrics } from '../reports/agent-metrics.js';
import { runOfflineOnline, type RunSummary } from '../online/offline-online-run.js';
import { writeRunReport, REPORT_FILES } from '../online/run-report.js';
import type { RunConfig } from '../online/run-config.js';
import { parseEnvServers, resolveEnvServers, TargetError } from '../remote/server-targets.js';
import { renderReportVideos, VIDEO_DIR } from '../reports/episode-videos.js';
import { UsageError } from './cli-options.js';

export interface ExecuteOptions {
  config: RunConfig;
  outDir: string;
  envServers?: string;
  dataDir?: string;
  progress: boolean;
  resumePath?: string;
  checkpointInterval?: number;
  localServerArgs?: string[];
  /** Episode videos of the final evaluation: the first N episodes per task (0 or absent: none). */
  videoEpisodes?: number;
  /** Serve the run's figures as Prometheus metrics at http://host:port/metrics while it runs. */
  metrics?: { host: string; port: number };
  /** No closing summary on stdout (the caller prints its own). */
  quiet?: boolean;
}

/** Resolves `--env-servers` (undefined: a local server will be started). */
export async function envServersFlag(text: string | undefined): Promise<string[] | undefined> {
  if (text === undefined) return undefined;
  try {
    return await resolveEnvServers(parseEnvServers(text));
  } catch (err) {
    if (err instanceof TargetError) throw new UsageError(err.message);
    throw err;
  }
}

export async function executeRun(o: ExecuteOptions): Promise<RunSummary> {
  const servers = await envServersFlag(o.envServers);
  const outDir = resolve(o.outDir);
  const say = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const metrics = o.metrics && new AgentMetrics();
  const endpoint = metrics && await serveMetrics(metrics, o.metrics!.host, o.metrics!.port);
  if (endpoint) say(`metrics on http://${endpoint.address}/metrics`);
  let summary: RunSummary;
  try {
    summary = await runOfflineOnline({
      config: o.config, outDir, envServers: servers, dataDir: o.dataDir, localServerArgs: o.localServerArgs,
      resume: o.resumePath ? loadCheckpoint(o.resumePath) : undefined, checkpointInterval: o.checkpointInterval,
      progress: o.progress ? process.stderr : false, log: say, onRecord: metrics && ((record) => metrics.record(record)),
      video: o.videoEpisodes ? { episodesPerTask: o.videoEpisodes, dir: join(outDir, VIDEO_DIR) } : undefined,
    });
  } finally {
    await endpoint?.close();
  }
  const videos = await renderReportVideos(outDir, summary.recordings, say);
  writeRunReport(summary, outDir, {}, videos);
  if (o.quiet) return summary;
  const p = (x?: number) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
  console.log(`success before fine-tuning ${p(summary.before?.success)}, after ${p(summary.after?.success)}`);
  console.log(`report: ${outDir}/ (${Object.values(REPORT_FILES).join(', ')}, metrics.jsonl, checkpoint.msgpack)`);
  return summary;
}
