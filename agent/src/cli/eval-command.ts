// `qflow eval --checkpoint C`: the evaluation protocol of docs/algorithm.md#evaluation on remote envs: for each task,
// E episodes, episode i reset with seed i, stochastic actions clipped to [−1, 1], success read at each episode's
// final step.
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendRequest } from '../backend/index.js';
import { createAgent, type AgentState } from '../algorithms/index.js';
import { loadCheckpoint } from '../checkpoints/checkpoint.js';
import { runConfigOfCheckpoint } from '../checkpoints/checkpoint-run-config.js';
import { evaluateWithRetry } from '../online/offline-online-run.js';
import { startLocalEnvServer, type LocalEnvServer } from '../online/qflow-subprocess.js';
import { mixSeeds } from '../random/seed-mixing.js';
import { RemoteVectorEnv } from '../remote/remote-vector-env.js';
import { parseInteger, runCommand, UsageError } from './cli-options.js';
import { agentFlagOptions, agentFlagsHelp, parseAgentFlags, type AgentFlagName } from './agent-flags.js';
import { envServersFlag } from './run-executor.js';
import { parseVideoFlag, videoFlagHelp, VIDEO_OPTION } from './video-flag.js';
import { PoseRecorder, type WrittenRecording } from '../evaluation/episode-recorder.js';
import { renderReportVideos, videoMarkdown, VIDEO_DIR, type EpisodeVideo } from '../reports/episode-videos.js';
import type { EvalResult } from '../evaluation/policy-evaluation.js';

/** The agent flags that apply to an evaluation: the policy is the checkpoint's. */
const EVAL_AGENT_FLAGS: readonly AgentFlagName[] = ['seed', 'backend'];

export const EVAL_OPTIONS = {
  checkpoint: { type: 'string' }, 'env-servers': { type: 'string' }, episodes: { type: 'string', default: '50' },
  tasks: { type: 'string' }, envs: { type: 'string', default: '25' }, ...agentFlagOptions(EVAL_AGENT_FLAGS),
  json: { type: 'string' }, out: { type: 'string' }, ...VIDEO_OPTION, help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: qflow eval --checkpoint C [options]

Evaluates a checkpoint's policy on env servers and prints the success rate per task (and writes it as JSON).

options:
  --checkpoint C         a checkpoint from 'qflow train', 'qflow finetune' or 'qflow demo'
  --env-servers LIST     host:port[,host:port...] or dns:///name:port (default: start a local 'qflow serve')
  --episodes E           episodes per task (default 50, as the paper)
  --tasks 1,2,3          task ids 1..5 (default: the task the checkpoint was trained on)
  --envs N               envs stepped together (default 25)
${agentFlagsHelp(EVAL_AGENT_FLAGS, { seed: "the checkpoint's", backend: "the checkpoint's" })}
  --json FILE            also write the result as JSON
  --out DIR              also write a report folder: success.md (success table, and the videos) and success.json;
                         default with --video: reports/eval-<timestamp>
${videoFlagHelp(0)}
  -h, --help             this text`;

export async function main(argv: string[]): Promise<number> {
  return runCommand('eval', async () => {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: EVAL_OPTIONS });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const flags = parseAgentFlags(values, EVAL_AGENT_FLAGS);
    const episodes = parseInteger('episodes', values.episodes, 1);
    const envs = parseInteger('envs', values.envs, 1);
    const videoEpisodes = await parseVideoFlag(values.video, 0, (l) => console.error(l));
    const givenTasks = values.tasks?.split(',').map((t) => {
      const n = parseInteger('tasks', t.trim(), 1);
      if (n > 5) throw new UsageError(`--tasks: task ${n} does not exist; valid: 1..5`);
      return n;
    });
    if (!values.checkpoint) throw new UsageError('--checkpoint C is required');
    if (!existsSync(values.checkpoint)) throw new UsageError(`--checkpoint: '${values.checkpoint}' does not exist`);
    const ckpt = loadCheckpoint(values.checkpoint);
    const run = runConfigOfCheckpoint(ckpt, values.checkpoint);
    const seed = flags.seed ?? run.seed;
    const tasks = givenTasks ?? [run.taskId];
    const servers = await envServersFlag(values['env-servers']);
    const outDir = values.out ?? (videoEpisodes ? join('reports', `eval-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`) : undefined);
    const recorder = videoEpisodes ? new PoseRecorder(videoEpisodes) : undefined;
    let recordings: WrittenRecording[] = [];
    let result: EvalResult;
    await selectBackend(flags.backend ?? (run.backend as BackendRequest));
    let local: LocalEnvServer | undefined;
    let env: RemoteVectorEnv | undefined;
    const state = ckpt.agent as AgentState;
    let agent: ReturnType<typeof createAgent> | undefined;
    try {
      const addresses = servers ?? [(local = await startLocalEnvServer([], (l) => console.error(l))).address];
      env = await RemoteVectorEnv.connect({
        servers: addresses, envId: run.envId, count: envs, seed: mixSeeds(seed, 0xe7a1), taskId: run.taskId,
        log: (l) => console.error(`remote env: ${l}`),
      });
      agent = createAgent(state.kind, state.config, env.spec.obsDim, env.spec.actDim, state.seed ?? 0);
      try {
        agent.setState(state);
      } catch (err) {
        throw new Error(`the checkpoint does not fit ${run.envId} (obs ${env.spec.obsDim}, act ${env.spec.actDim}): ${(err as Error).message}`);
      }
      const t0 = performance.now();
      const r = await evaluateWithRetry(env, agent, { evalTasks: tasks, evalEpisodes: episodes, seed }, ckpt.loop.step, (l) => console.error(l), recorder);
      result = r;
      console.log(`${run.envId} at step ${ckpt.loop.step}: ${episodes} episodes per task (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      for (const t of r.tasks) console.log(`  task ${t.taskId}: success ${(t.success * 100).toFixed(1)}%, return ${t.meanReturn.toFixed(1)}, length ${t.meanLength.toFixed(0)}`);
      console.log(`  mean: success ${(r.success * 100).toFixed(1)}%`);
      if (values.json) writeFileSync(values.json, JSON.stringify({ checkpoint: values.checkpoint, step: ckpt.loop.step, envId: run.envId, ...r }, null, 2) + '\n');
      if (recorder) recordings = await recorder.write(join(outDir!, VIDEO_DIR), run.envId, (t) => env!.sceneSpec(t), (l) => console.error(l));
    } finally {
      agent?.dispose();
      await env?.close();
      await local?.stop();
    }
    if (outDir) {
      // After the env server is gone: rendering runs in its own process and cannot touch the evaluation.
      const videos = await renderReportVideos(outDir, recordings, (l) => console.error(l));
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'success.json'), JSON.stringify({ checkpoint: values.checkpoint, step: ckpt.loop.step, envId: run.envId, ...result, videos }, null, 2) + '\n');
      writeFileSync(join(outDir, 'success.md'), evalMarkdown(values.checkpoint, ckpt.loop.step, run.envId, result, videos));
      console.log(`report: ${outDir}/success.md${videos.length ? ` (${videos.length} episode videos in ${join(outDir, VIDEO_DIR)})` : ''}`);
    }
    return 0;
  });
}

function evalMarkdown(checkpoint: string, step: number, envId: string, r: EvalResult, videos: EpisodeVideo[]): string {
  return [
    `# ${envId}: evaluation of ${checkpoint} (step ${step})`,
    '',
    '| task | success | mean return | mean length |',
    '|---|---|---|---|',
    ...r.tasks.map((t) => `| ${t.taskId} | ${(t.success * 100).toFixed(1)}% | ${t.meanReturn.toFixed(1)} | ${t.meanLength.toFixed(0)} |`),
    `| **mean** | **${(r.success * 100).toFixed(1)}%** | ${r.meanReturn.toFixed(1)} | |`,
    '',
    `Success over ${r.tasks[0]?.episodes ?? 0} episodes per task.`,
    '',
    ...videoMarkdown(videos),
  ].join('\n') + '\n';
}
