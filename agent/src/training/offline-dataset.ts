// Turns a loaded OGBench dataset (the datasets package's loader output: n-d arrays with shape and data) into the
// agent's TransitionDataset, clipping actions to ±(1 − 1e−5) (docs/algorithm.md#data-processing). Rewards, masks and
// next observations must be present (single-task relabelling provides the first two).
import { clipDatasetActions } from './action-clipping.js';
import { TransitionDataset } from './transition-dataset.js';

export interface ArrayLikeNd { shape: number[]; data: ArrayLike<number> & { length: number } }

export interface LoadedTransitions {
  path?: string;
  size: number;
  observations: ArrayLikeNd;
  actions: ArrayLikeNd;
  rewards?: ArrayLikeNd;
  masks?: ArrayLikeNd;
  nextObservations?: ArrayLikeNd;
}


export function toTransitionDataset(d: LoadedTransitions, extraCapacity = 0): { dataset: TransitionDataset; clipped: number } {
  const where = d.path ?? 'dataset';
  const missing = (['rewards', 'masks', 'nextObservations'] as const).filter((k) => !d[k]);
  if (missing.length) {
    throw new Error(`${where}: no ${missing.join(', ')}; give the env and task (--env, --task) so that rewards and masks are relabelled`);
  }
  const rows = d.size;
  const obsDim = rowWidth(where, 'observations', d.observations, rows);
  const actDim = rowWidth(where, 'actions', d.actions, rows);
  rowWidth(where, 'nextObservations', d.nextObservations!, rows, obsDim);
  rowWidth(where, 'rewards', d.rewards!, rows, 1);
  rowWidth(where, 'masks', d.masks!, rows, 1);
  const actions = Float32Array.from(d.actions.data);
  const clipped = clipDatasetActions(actions);
  const dataset = TransitionDataset.fromColumns({
    observations: Float32Array.from(d.observations.data),
    actions,
    rewards: Float32Array.from(d.rewards!.data),
    masks: Float32Array.from(d.masks!.data),
    nextObservations: Float32Array.from(d.nextObservations!.data),
  }, obsDim, actDim, rows + extraCapacity);
  return { dataset, clipped };
}

function rowWidth(where: string, name: string, a: ArrayLikeNd, rows: number, expected?: number): number {
  const width = a.shape.length === 1 ? 1 : a.shape.slice(1).reduce((x, y) => x * y, 1);
  if (a.shape[0] !== rows || a.data.length !== rows * width || (expected !== undefined && width !== expected)) {
    throw new Error(`${where}: '${name}' has shape [${a.shape}], expected [${rows}${expected !== undefined && expected !== 1 ? `, ${expected}` : width > 1 ? `, ${width}` : ''}]`);
  }
  return width;
}
