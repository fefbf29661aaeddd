// The SAC expert training loop (docs/algorithm.md#sac-experts) against a vector of envs that restart by
// themselves (remote env servers in the CLI): uniform random actions for the first `startSteps` env steps, then
// actions sampled from the actor and one update per env step. Writes metrics.jsonl (episode returns, falls,
// losses, α), checkpoint.msgpack every `checkpointInterval` env steps and at the end, and expert.json at the end.
import { join } from 'node:path';
import { AgentRng } from '../random/agent-rng.js';
import { mixSeeds } from '../random/seed-mixing.js';
import { seedFor } from '../nn/index.js';
import { MetricsAverager, MetricsLog } from '../reports/metrics-log.js';
import { ProgressBar, type ProgressStream } from '../reports/progress-bar.js';
import type { OnlineEnv } from '../envs/vector-env.js';
import { SacAgent } from './sac-agent.js';
import { ReplayBuffer } from './replay-buffer.js';
import { saveSacCheckpoint, type SacCheckpoint, type SacLoopState } from './sac-checkpoint.js';
import { expertJson, writeExpertFile } from './expert-export.js';
import type { SacSettings } from './sac-settings.js';

export interface SacTrainingOptions {
  env: OnlineEnv;
  envId: string;
  /** Total env steps of the run (a resumed run stops at the same total). */
  steps: number;
  outDir: string;
  seed: number;
  settings: SacSettings;
  logInterval: number;
  checkpointInterval: number;
  /** The checkpoint to continue from. */
  resume?: SacCheckpoint;
  config: Record<string, unknown>;
  progress?: ProgressStream | false;
}

export interface SacTrainingResult {
  envSteps: number;
  updates: number;
  episodes: number;
  checkpointPath: string;
  expertPath: string;
}

interface Episode {
  ret: number;
  length: number;
  fell: number;
}

export async function trainSac(o: SacTrainingOptions): Promise<SacTrainingResult> {
  const { env, settings } = o;
  const n = env.count;
  const agent = new SacAgent(env.spec.obsDim, env.spec.actDim, settings, o.seed);
  try {
    if (o.resume) agent.setState(o.resume.agent);
    const replay = o.resume ? ReplayBuffer.fromState(o.resume.replay, env.spec.obsDim, env.spec.actDim) : new ReplayBuffer(settings.replaySize, env.spec.obsDim, env.spec.actDim);
    const batchRng = o.resume ? AgentRng.fromState(o.resume.batchRng) : new AgentRng(mixSeeds(o.seed, 0xba7c));
    const actionRng = o.resume ? AgentRng.fromState(o.resume.actionRng) : new AgentRng(mixSeeds(o.seed, 0xac71));
    const loop: SacLoopState = o.resume ? { ...o.resume.loop, starts: o.resume.loop.starts + 1 } : { envSteps: 0, episodes: 0, elapsedSec: 0, starts: 1 };
    const log = new MetricsLog(join(o.outDir, 'metrics.jsonl'));
    const checkpointPath = join(o.outDir, 'checkpoint.msgpack');
    const bar = o.progress === false ? undefined : new ProgressBar(o.steps, o.envId, o.progress);
    const averager = new MetricsAverager();
    const started = performance.now();
    const stepsAtStart = loop.envSteps;
    const elapsedBefore = loop.elapsedSec;
    const running = Array.from({ length: n }, () => ({ ret: 0, length: 0 }));
    let finished: Episode[] = [];
    let nextLog = (Math.floor(loop.envSteps / o.logInterval) + 1) * o.logInterval;
    let nextCheckpoint = (Math.floor(loop.envSteps / o.checkpointInterval) + 1) * o.checkpointInterval;
    if (o.resume) log.write({ type: 'info', step: agent.step, event: 'resumed', envSteps: loop.envSteps, replaySize: replay.size });

    const checkpoint = () => {
      loop.elapsedSec = elapsedBefore + (performance.now() - started) / 1000;
      saveSacCheckpoint(checkpointPath, {
        agent: agent.getState(), replay: replay.getState(), batchRng: batchRng.getState(), actionRng: actionRng.getState(), loop, config: o.config,
      });
      log.write({ type: 'checkpoint', step: agent.step, envSteps: loop.envSteps, path: checkpointPath });
    };

    let obs = await env.start();
    while (loop.envSteps < o.steps) {
      const actions = loop.envSteps < settings.startSteps
        ? Float32Array.from({ length: n * env.spec.actDim }, () => 2 * actionRng.uniform() - 1)
        : agent.act(obs, n, seedFor(o.seed, loop.envSteps, 'explore') & 0x7fffffff);
      const res = await env.stepAutoReset(actions);
      for (let i = 0; i < n; i++) {
        const ep = running[i]!;
        if (res.lost[i]) { ep.ret = 0; ep.length = 0; continue; }
        const ended = res.terminated[i] || (settings.truncationIsTerminal && res.truncated[i]);
        replay.add(obs, actions, res.rewards[i]!, ended ? 0 : 1, res.nextObservations, i);
        ep.ret += res.rewards[i]!;
        ep.length++;
        if (res.terminated[i] || res.truncated[i]) {
          finished.push({ ret: ep.ret, length: ep.length, fell: res.terminated[i]! });
          loop.episodes++;
          ep.ret = 0;
          ep.length = 0;
        }
      }
      obs = res.observations;
      loop.envSteps += n;
      if (loop.envSteps > settings.startSteps) {
        for (let k = 0; k < n; k++) averager.add(agent.update(replay.sample(settings.batchSize, batchRng)));
      }
      const done = loop.envSteps >= o.steps;
      if (loop.envSteps >= nextLog || done) {
        nextLog = (Math.floor(loop.envSteps / o.logInterval) + 1) * o.logInterval;
        const rate = (loop.envSteps - stepsAtStart) / ((performance.now() - started) / 1000);
        const line = { envSteps: loop.envSteps, updates: agent.step, episodes: loop.episodes, replaySize: replay.size, envStepsPerSec: rate, ...episodeStats(finished), ...averager.flush() };
        finished = [];
        log.write({ type: 'train', step: agent.step, ...line });
        const ret = 'episodeReturn' in line ? ` ret ${(line.episodeReturn as number).toFixed(1)}` : '';
        bar?.update(loop.envSteps, rate, `upd ${agent.step}${ret} α ${agent.alpha.toFixed(3)}`);
      }
      if (loop.envSteps >= nextCheckpoint || done) {
        nextCheckpoint = (Math.floor(loop.envSteps / o.checkpointInterval) + 1) * o.checkpointInterval;
        checkpoint();
      }
    }
    bar?.finish();
    const expertPath = join(o.outDir, 'expert.json');
    writeExpertFile(expertPath, expertJson(agent, o.envId, { ...o.config, envSteps: loop.envSteps, updates: agent.step }));
    return { envSteps: loop.envSteps, updates: agent.step, episodes: loop.episodes, checkpointPath, expertPath };
  } finally {
    agent.dispose();
  }
}

/** Means over the episodes finished since the last log line (nothing if none finished). */
function episodeStats(episodes: Episode[]): Record<string, number> {
  if (!episodes.length) return {};
  const mean = (f: (e: Episode) => number) => episodes.reduce((a, e) => a + f(e), 0) / episodes.length;
  return { episodeReturn: mean((e) => e.ret), episodeLength: mean((e) => e.length), fallRate: mean((e) => e.fell), episodesLogged: episodes.length };
}
