// OGBench's load_dataset semantics (docs/datasets.md#loader-semantics) on one .npz file: dtype casts, the regular
// layout (observations, next_observations, terminals on the last kept row) or the compact layout (valids, doubled
// terminals), and optional single-task relabelling of rewards and masks.
import { NdArray } from '../npy/ndarray.js';
import { NpzReader } from '../npz/npz-reader.js';
import { singleTaskGoal } from '../tasks/single-task-goal.js';
import { oracleReps } from './oracle-reps.js';
import { relabel } from './relabel.js';
import { countRows, gatherRows, keepRowsInPlace, nonTerminalRuns } from './row-selection.js';

export interface LoadOptions {
  /** Keep every row and add `valids` (the reference implementations' layout). Default false. */
  compact?: boolean;
  /** Keep qpos, qvel and button_states (filtered like the observations). Default false. */
  addInfo?: boolean;
  /** Relabel rewards and masks for one task of an environment, e.g. { env: 'cube-double', taskId: 2 }. */
  singleTask?: { env: string; taskId?: number };
  /** Add `oracleReps` (the task-relevant part of the state) for this environment, e.g. 'antmaze-large'. */
  oracleRepEnv?: string;
}

export interface LoadedDataset {
  path: string;
  /** Number of rows in every array below (transitions in the regular layout). */
  size: number;
  observations: NdArray<'float32'> | NdArray<'uint8'>;
  actions: NdArray<'float32'>;
  terminals: NdArray<'float32'>;
  nextObservations?: NdArray<'float32'> | NdArray<'uint8'>;
  valids?: NdArray<'float32'>;
  rewards?: NdArray<'float32'>;
  masks?: NdArray<'float32'>;
  qpos?: NdArray;
  qvel?: NdArray;
  buttonStates?: NdArray;
  oracleReps?: NdArray<'float32'>;
}

const INFO_KEYS = ['qpos', 'qvel', 'button_states'] as const;

function toFloat32(array: NdArray): NdArray<'float32'> {
  if (array.dtype === 'float32') return array as NdArray<'float32'>;
  const data = new Float32Array(array.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Number(array.data[i]);
  return { dtype: 'float32', shape: array.shape, data };
}

function vector(data: Float32Array): NdArray<'float32'> {
  return { dtype: 'float32', shape: [data.length], data };
}

async function readMembers(path: string, wanted: string[]): Promise<Record<string, NdArray>> {
  const reader = await NpzReader.open(path);
  try {
    for (const key of ['observations', 'actions', 'terminals']) {
      if (!reader.has(key)) throw new Error(`${path}: not an OGBench dataset (no '${key}' array; present: ${reader.names.join(', ')})`);
    }
    const present = wanted.filter((k) => reader.has(k));
    const arrays = await Promise.all(present.map((k) => reader.read(k)));
    return Object.fromEntries(present.map((k, i) => [k, arrays[i]!]));
  } finally {
    await reader.close();
  }
}

/** OGBench's loader needs one 0/1 episode-end flag per row: a 1-D array of 0s and 1s (any numeric dtype). */
function checkTerminals(path: string, terminals: NdArray): void {
  if (terminals.shape.length !== 1) {
    throw new Error(`${path}: 'terminals' has shape [${terminals.shape.join(', ')}]; OGBench datasets store one flag per row, ` +
      `shape (rows,)`);
  }
  const flags = terminals.data;
  for (let i = 0; i < flags.length; i++) {
    const v = Number(flags[i]);
    if (v !== 0 && v !== 1) {
      throw new Error(`${path}: 'terminals' holds ${v} at row ${i}; episode-end flags must be 0 or 1`);
    }
  }
}

function checkRows(path: string, arrays: Record<string, NdArray>, rows: number): void {
  for (const [key, array] of Object.entries(arrays)) {
    if (array.shape[0] !== rows) {
      throw new Error(`${path}: '${key}' has ${array.shape[0]} rows but 'terminals' has ${rows} (corrupt dataset)`);
    }
  }
}

export async function loadDataset(path: string, options: LoadOptions = {}): Promise<LoadedDataset> {
  const goal = options.singleTask ? singleTaskGoal(options.singleTask.env, options.singleTask.taskId) : undefined;
  const needInfo = options.addInfo || goal !== undefined || options.oracleRepEnv !== undefined;
  const raw = await readMembers(path, ['observations', 'actions', 'terminals', ...(needInfo ? INFO_KEYS : [])]);
  checkTerminals(path, raw.terminals!);
  const rows = raw.terminals!.shape[0]!;
  checkRows(path, raw, rows);

  const observations = raw.observations!.dtype === 'uint8' ? raw.observations as NdArray<'uint8'> : toFloat32(raw.observations!);
  const actions = toFloat32(raw.actions!);
  const storedTerminals = toFloat32(raw.terminals!).data;
  let info: Record<string, NdArray> = Object.fromEntries(INFO_KEYS.filter((k) => raw[k]).map((k) => [k, raw[k]!]));
  let out: LoadedDataset;

  if (options.compact) {
    const terminals = new Float32Array(rows);
    const valids = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const next = i + 1 < rows ? storedTerminals[i + 1]! : 1;
      terminals[i] = Math.min(storedTerminals[i]! + next, 1);
      valids[i] = 1 - storedTerminals[i]!;
    }
    out = { path, size: rows, observations, actions, terminals: vector(terminals), valids: vector(valids) };
  } else {
    if (rows > 0 && storedTerminals[rows - 1] === 0) {
      throw new Error(`${path}: the last row is not terminal, so its next observation is missing (truncated or not an OGBench dataset)`);
    }
    const runs = nonTerminalRuns(storedTerminals);
    const kept = countRows(runs);
    const nextObservations = gatherRows(observations as NdArray<'float32'>, runs, 1);
    const terminals = new Float32Array(kept);
    let at = 0;
    for (const [a, b] of runs) {
      at += b - a;
      terminals[at - 1] = storedTerminals[b] ?? 1; // the row after the run is the terminal row
    }
    info = Object.fromEntries(Object.entries(info).map(([k, v]) => [k, keepRowsInPlace(v, runs)]));
    out = {
      path, size: kept,
      observations: keepRowsInPlace(observations as NdArray<'float32'>, runs),
      actions: keepRowsInPlace(actions, runs),
      terminals: vector(terminals),
      nextObservations,
    };
  }

  if (goal) {
    const { rewards, masks } = relabel(goal, info.qpos, info.button_states);
    out.rewards = vector(rewards);
    out.masks = vector(masks);
  }
  if (options.oracleRepEnv) out.oracleReps = oracleReps(options.oracleRepEnv, info.qpos, info.button_states);
  if (options.addInfo) {
    out.qpos = info.qpos;
    out.qvel = info.qvel;
    out.buttonStates = info.button_states;
  }
  return out;
}
