// Loading by OGBench name from the store, like OGBench's make_env_and_datasets: the name decides the file
// (`<dataset>.npz` and its `-val.npz` split), single-task relabelling (`-singletask[-taskK]`) and oracle reps.
import { existsSync } from 'node:fs';
import { parseDatasetName, ParsedDatasetName } from '../registry/dataset-name.js';
import { datasetFile } from '../store/data-dir.js';
import { DEFAULT_TASK } from '../tasks/single-task-goal.js';
import { loadDataset, LoadedDataset } from './load-dataset.js';

export interface LoadNamedOptions {
  /** The store (default $QFLOW_DATA_DIR or ~/.qflow/datasets). */
  dir?: string;
  compact?: boolean;
  addInfo?: boolean;
  /** Relabel for this task even if the name is not a single-task name. */
  taskId?: number;
}

export interface NamedDatasets {
  parsed: ParsedDatasetName;
  /** Task the rewards and masks were relabelled for (undefined: not relabelled). */
  taskId?: number;
  train: LoadedDataset;
  /** The `-val` split, when it is in the store. */
  val?: LoadedDataset;
}

export async function loadNamedDataset(name: string, options: LoadNamedOptions = {}): Promise<NamedDatasets> {
  const parsed = parseDatasetName(name);
  const base = parsed.env.replace(/^visual-/, '');
  const taskId = options.taskId ?? (parsed.singleTask ? parsed.singleTask.taskId ?? DEFAULT_TASK[base] : undefined);
  const load = (file: string) => loadDataset(file, {
    compact: options.compact, addInfo: options.addInfo,
    singleTask: taskId !== undefined ? { env: parsed.env, taskId } : undefined,
    oracleRepEnv: parsed.oracleRep ? parsed.env : undefined,
  });
  const trainFile = datasetFile(parsed.dataset, 'train', options.dir);
  if (!existsSync(trainFile)) {
    throw new Error(`${parsed.dataset} is not in the store (${trainFile}); run 'qflow datasets download ${parsed.dataset}' first`);
  }
  const valFile = datasetFile(parsed.dataset, 'val', options.dir);
  const [train, val] = await Promise.all([load(trainFile), existsSync(valFile) ? load(valFile) : undefined]);
  return { parsed, taskId, train, val };
}
