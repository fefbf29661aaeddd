// The RunConfig behind a checkpoint: written by the offline → online run (`config.run`), or rebuilt from what an
// offline `qflow train` checkpoint records (dataset file, single-task name, agent kind and config, seed).
import { parseDatasetName } from '@qflow/datasets';
import type { AgentConfig, AgentKind } from '../algorithms/agent.js';
import type { Checkpoint } from './checkpoint.js';
import { validateRunConfig, type RunConfig } from '../online/run-config.js';

interface OfflineTrainConfig { dataset: string; env: string; agent: AgentKind; agentConfig: AgentConfig; seed: number; backend: string; threads?: number }

export function runConfigOfCheckpoint(ckpt: Checkpoint, path: string): RunConfig {
  const c = ckpt.config as { run?: RunConfig } & Partial<OfflineTrainConfig>;
  if (c.run) return validateRunConfig(c.run, `checkpoint ${path}`);
  if (typeof c.env !== 'string' || typeof c.dataset !== 'string' || !c.agentConfig || !c.agent) {
    throw new Error(`checkpoint ${path}: its config names no dataset, env and agent; it was not written by qflow train`);
  }
  const parsed = parseDatasetName(c.env);
  const taskId = parsed.singleTask?.taskId ?? 1;
  return validateRunConfig({
    format: 'qflow-run', version: 1,
    dataset: { name: parsed.dataset, path: c.dataset },
    envId: `${parsed.dataset.replace(/-v0$/, '')}-singletask-task${taskId}-v0`, taskId,
    agent: c.agent, agentConfig: c.agentConfig, seed: c.seed ?? 0, backend: c.backend ?? 'cpu', threads: c.threads ?? 1,
    offlineSteps: ckpt.loop.step, onlineSteps: 0, utd: 1, numEnvs: 10, evalEnvs: 25, evalEpisodes: 25, evalTasks: [taskId],
    offlineEvalInterval: 0, onlineEvalInterval: 0, logInterval: 100,
  }, `checkpoint ${path}`);
}
