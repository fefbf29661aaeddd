// A summary of a dataset file: arrays, episodes, transitions and, per task, single-task reward statistics.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { NpzReader, MemberInfo } from '../npz/npz-reader.js';
import { loadDataset } from '../loader/load-dataset.js';
import { relabel } from '../loader/relabel.js';
import { singleTaskGoal, DEFAULT_TASK } from '../tasks/single-task-goal.js';
import { parseDatasetName } from '../registry/dataset-name.js';

export interface TaskStatistics {
  taskId: number;
  isDefault: boolean;
  rewardMin: number;
  rewardMean: number;
  rewardMax: number;
  /** Fraction of transitions whose state solves the task (mask 0). */
  successRate: number;
}

export interface DatasetReport {
  file: string;
  bytes: number;
  arrays: MemberInfo[];
  rows: number;
  episodes: number;
  transitions: number;
  /** Environment used for relabelling (from the file name or given), if any. */
  env?: string;
  tasks: TaskStatistics[];
}

/** The environment prefix a file name implies (`antmaze-large-navigate-v0-val.npz` → `antmaze-large`). */
export function envFromFileName(file: string): string | undefined {
  const name = basename(file).replace(/\.npz$/, '').replace(/-val$/, '');
  try {
    return parseDatasetName(name).env;
  } catch {
    return undefined;
  }
}

export async function inspectDataset(file: string, env = envFromFileName(file)): Promise<DatasetReport> {
  const reader = await NpzReader.open(file);
  let arrays: MemberInfo[];
  try {
    arrays = await Promise.all(reader.names.map((n) => reader.info(n)));
  } finally {
    await reader.close();
  }
  const base = env?.replace(/^visual-/, '');
  const relabelable = base !== undefined && DEFAULT_TASK[base] !== undefined;
  const data = await loadDataset(file, { addInfo: relabelable });
  const rows = arrays.find((a) => a.name === 'terminals')!.shape[0]!;
  const tasks: TaskStatistics[] = [];
  if (relabelable) {
    for (let taskId = 1; taskId <= 5; taskId++) {
      const { rewards, masks } = relabel(singleTaskGoal(base, taskId), data.qpos, data.buttonStates);
      let min = Infinity, max = -Infinity, sum = 0, successes = 0;
      for (let i = 0; i < rewards.length; i++) {
        const r = rewards[i]!;
        if (r < min) min = r;
        if (r > max) max = r;
        sum += r;
        if (masks[i] === 0) successes++;
      }
      const n = Math.max(rewards.length, 1);
      tasks.push({ taskId, isDefault: DEFAULT_TASK[base] === taskId, rewardMin: min, rewardMean: sum / n, rewardMax: max, successRate: successes / n });
    }
  }
  return {
    file, bytes: (await stat(file)).size, arrays, rows,
    episodes: rows - data.size, transitions: data.size, env: relabelable ? env : undefined, tasks,
  };
}
