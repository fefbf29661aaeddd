// Every OGBench dataset of the five families: URL (docs/datasets.md#download), counts (docs/datasets.md#dataset-sizes),
// shapes (docs/datasets.md#file-format).
import { Family, FAMILIES, parseDatasetName } from './dataset-name.js';
import { closestNames } from './closest-names.js';
import { nameLengthProblem, quoteName } from './name-bounds.js';
import { DEFAULT_TASK } from '../tasks/single-task-goal.js';

export const DEFAULT_BASE_URL = 'https://rail.eecs.berkeley.edu/datasets/ogbench';

export interface DatasetSpec {
  name: string;
  family: Family;
  /** Environment prefix, e.g. `antmaze-large`. */
  env: string;
  type: string;
  visual: boolean;
  episodes: number;
  /** Stored rows per episode (L); the loader yields L − 1 transitions per episode. */
  storedLength: number;
  rows: number;
  transitions: number;
  valEpisodes: number;
  observationShape: number[];
  observationDtype: 'float32' | 'uint8';
  actionDim: number;
  nq: number;
  nv: number;
  /** Puzzle: number of buttons (columns of button_states). */
  buttons?: number;
  maxEpisodeSteps: number;
  defaultTask: number;
}

interface EnvShape { obs: number; act: number; nq: number; nv: number; steps: number; buttons?: number }

/** What an environment's datasets and its env server agree on (one copy: the env server reads it from here). */
export interface EnvironmentShape {
  observationDim: number;
  actionDim: number;
  /** qpos and qvel sizes of the model. */
  nq: number;
  nv: number;
  maxEpisodeSteps: number;
}

const ENV_SHAPES: Record<string, EnvShape> = {
  'antmaze-medium': { obs: 29, act: 8, nq: 15, nv: 14, steps: 1000 },
  'antmaze-large': { obs: 29, act: 8, nq: 15, nv: 14, steps: 1000 },
  'antmaze-giant': { obs: 29, act: 8, nq: 15, nv: 14, steps: 1000 },
  'antmaze-teleport': { obs: 29, act: 8, nq: 15, nv: 14, steps: 1000 },
  'humanoidmaze-medium': { obs: 69, act: 21, nq: 28, nv: 27, steps: 2000 },
  'humanoidmaze-large': { obs: 69, act: 21, nq: 28, nv: 27, steps: 2000 },
  'humanoidmaze-giant': { obs: 69, act: 21, nq: 28, nv: 27, steps: 4000 },
  'humanoidmaze-teleport': { obs: 69, act: 21, nq: 28, nv: 27, steps: 2000 },
  'antsoccer-arena': { obs: 42, act: 8, nq: 22, nv: 20, steps: 1000 },
  'antsoccer-medium': { obs: 42, act: 8, nq: 22, nv: 20, steps: 1000 },
  'cube-single': { obs: 28, act: 5, nq: 21, nv: 20, steps: 200 },
  'cube-double': { obs: 37, act: 5, nq: 28, nv: 26, steps: 500 },
  'cube-triple': { obs: 46, act: 5, nq: 35, nv: 32, steps: 1000 },
  'cube-quadruple': { obs: 55, act: 5, nq: 42, nv: 38, steps: 1000 },
  'puzzle-3x3': { obs: 55, act: 5, nq: 23, nv: 23, steps: 500, buttons: 9 },
  'puzzle-4x4': { obs: 83, act: 5, nq: 30, nv: 30, steps: 500, buttons: 16 },
  'puzzle-4x5': { obs: 99, act: 5, nq: 34, nv: 34, steps: 1000, buttons: 20 },
  'puzzle-4x6': { obs: 115, act: 5, nq: 38, nv: 38, steps: 1000, buttons: 24 },
};

/** [environment prefixes, dataset type, episodes, stored length] rows of the table in docs/datasets.md#dataset-sizes. */
const COUNTS: [string[], string, number, number][] = [
  [['antmaze-medium', 'antmaze-large', 'antmaze-teleport'], 'navigate', 1000, 1001],
  [['antmaze-giant'], 'navigate', 500, 2001],
  [['antmaze-medium', 'antmaze-large', 'antmaze-giant', 'antmaze-teleport'], 'stitch', 5000, 201],
  [['antmaze-medium', 'antmaze-large', 'antmaze-teleport'], 'explore', 10000, 501],
  [['humanoidmaze-medium', 'humanoidmaze-large'], 'navigate', 1000, 2001],
  [['humanoidmaze-giant'], 'navigate', 1000, 4001],
  [['humanoidmaze-medium', 'humanoidmaze-large'], 'stitch', 5000, 401],
  [['humanoidmaze-giant'], 'stitch', 10000, 401],
  [['antsoccer-arena'], 'navigate', 1000, 1001],
  [['antsoccer-medium'], 'navigate', 4000, 1001],
  [['antsoccer-arena'], 'stitch', 5000, 201],
  [['antsoccer-medium'], 'stitch', 8000, 501],
  ...(['play', 'noisy'] as const).flatMap((type): [string[], string, number, number][] => [
    [['cube-single', 'cube-double'], type, 1000, 1001],
    [['cube-triple'], type, 3000, 1001],
    [['cube-quadruple'], type, 5000, 1001],
    [['puzzle-3x3', 'puzzle-4x4'], type, 1000, 1001],
    [['puzzle-4x5'], type, 3000, 1001],
    [['puzzle-4x6'], type, 5000, 1001],
  ]),
];

/** Visual twins (64×64×3 uint8 observations, same counts) exist for these families (docs/datasets.md#dataset-sizes). */
const VISUAL_FAMILIES: readonly Family[] = ['antmaze', 'humanoidmaze', 'cube', 'puzzle'];

function buildRegistry(): DatasetSpec[] {
  const specs: DatasetSpec[] = [];
  for (const visual of [false, true]) {
    for (const [envs, type, episodes, storedLength] of COUNTS) {
      for (const env of envs) {
        const family = env.split('-')[0] as Family;
        if (visual && !VISUAL_FAMILIES.includes(family)) continue;
        const shape = ENV_SHAPES[env]!;
        specs.push({
          name: `${visual ? 'visual-' : ''}${env}-${type}-v0`, family, env: `${visual ? 'visual-' : ''}${env}`, type, visual,
          episodes, storedLength, rows: episodes * storedLength, transitions: episodes * (storedLength - 1),
          valEpisodes: episodes / 10,
          observationShape: visual ? [64, 64, 3] : [shape.obs], observationDtype: visual ? 'uint8' : 'float32',
          actionDim: shape.act, nq: shape.nq, nv: shape.nv, buttons: shape.buttons,
          maxEpisodeSteps: shape.steps, defaultTask: DEFAULT_TASK[env]!,
        });
      }
    }
  }
  return specs;
}

/** The shape of an environment (e.g. 'cube-double', 'antmaze-giant'; state-based, without `visual-`). */
export function environmentShape(env: string): EnvironmentShape {
  const shape = ENV_SHAPES[env];
  if (!shape) throw new Error(`unknown environment '${env}'; valid: ${Object.keys(ENV_SHAPES).join(', ')}`);
  return { observationDim: shape.obs, actionDim: shape.act, nq: shape.nq, nv: shape.nv, maxEpisodeSteps: shape.steps };
}

export const DATASETS: readonly DatasetSpec[] = buildRegistry();
const BY_NAME = new Map(DATASETS.map((d) => [d.name, d]));

export function listDatasets(family?: string): DatasetSpec[] {
  if (family !== undefined && !FAMILIES.includes(family as Family)) {
    throw new Error(`unknown family '${family}'; valid: ${FAMILIES.join(', ')}`);
  }
  return DATASETS.filter((d) => family === undefined || d.family === family);
}

/** The registry entry of a dataset name; single-task and oraclerep names resolve to their file's entry. */
export function findDataset(name: string): DatasetSpec | undefined {
  const direct = BY_NAME.get(name);
  if (direct) return direct;
  try {
    return BY_NAME.get(parseDatasetName(name).dataset);
  } catch {
    return undefined;
  }
}

export function getDataset(name: string): DatasetSpec {
  const tooLong = nameLengthProblem(name);
  if (tooLong) throw new Error(tooLong);
  const spec = findDataset(name);
  if (!spec) {
    const close = closestNames(name, [...BY_NAME.keys()]);
    throw new Error(`unknown dataset ${quoteName(name)}; ` +
      `${close.length ? `closest valid names: ${close.join(', ')}` : 'no registered name is close'} ` +
      `('qflow datasets list' shows all ${BY_NAME.size})`);
  }
  return spec;
}

/** Public URLs of the training file and its validation split (docs/datasets.md#download). */
export function datasetUrls(name: string, baseUrl = DEFAULT_BASE_URL): { train: string; val: string } {
  const base = baseUrl.replace(/\/+$/, '');
  const file = getDataset(name).name.replace(/-v0$/, '');
  return { train: `${base}/${file}-v0.npz`, val: `${base}/${file}-v0-val.npz` };
}
