// A dataset prepared for streaming: OGBench's loader output (regular or compact layout) as named per-row columns,
// optionally with single-task rewards and masks and the info fields, plus the file's size, sha256 and provenance.
import { DType, NdArray, NdData } from '../npy/ndarray.js';
import { LoadedDataset } from '../loader/load-dataset.js';

/** The view of a dataset a client asks for, as OGBench's load_dataset(compact_dataset=..., add_info=...). */
export interface DatasetView {
  /** Every stored row with `valids` (OGBench's compact layout); false: one row per transition. */
  compact?: boolean;
  /** Also serve qpos, qvel and button_states (those the file holds). */
  addInfo?: boolean;
}

export interface ServedField {
  /** OGBench key: observations, actions, next_observations, terminals, valids, rewards, masks, qpos, qvel, button_states. */
  name: string;
  /** Shape of one transition's value ([] for a scalar). */
  rowShape: number[];
  dtype: DType;
  /** All rows, C order. */
  data: NdData;
}

export interface Provenance {
  source: 'ogbench-download' | 'generated' | 'local-file';
  url?: string;
  generator?: string;
  /** Decimal seed of generation. */
  seed?: string;
  createdAt?: string;
  extra?: Record<string, string>;
}

export interface ServedDataset {
  name: string;
  file: string;
  envId: string;
  /** The layout and fields served; `compact` and `addInfo` are always set. */
  view: Required<DatasetView>;
  /** Rows of the layout (transitions in the regular layout, stored rows in the compact one). */
  numTransitions: number;
  numEpisodes: number;
  fields: ServedField[];
  sizeBytes: number;
  sha256: string;
  provenance: Provenance;
}

export function field(name: string, array: NdArray): ServedField {
  return { name, rowShape: array.shape.slice(1), dtype: array.dtype, data: array.data };
}

/**
 * The streamed columns of a loaded dataset, in this order: observations, actions, next_observations (regular
 * layout), terminals, valids (compact layout), rewards and masks, qpos, qvel, button_states (each when present).
 */
export function servedFields(d: LoadedDataset): ServedField[] {
  const fields = [field('observations', d.observations), field('actions', d.actions)];
  if (d.nextObservations) fields.push(field('next_observations', d.nextObservations));
  fields.push(field('terminals', d.terminals));
  if (d.valids) fields.push(field('valids', d.valids));
  if (d.rewards && d.masks) fields.push(field('rewards', d.rewards), field('masks', d.masks));
  for (const [name, array] of [['qpos', d.qpos], ['qvel', d.qvel], ['button_states', d.buttonStates]] as const) {
    if (array) fields.push(field(name, array));
  }
  return fields;
}

/** Episodes of a loaded dataset: regular-layout terminals mark each episode's last transition once; in the
 * compact layout they mark two rows, and `valids` is 0 on each episode's last row. */
export function episodeCount(d: LoadedDataset): number {
  const [flags, mark] = d.valids ? [d.valids.data, 0] : [d.terminals.data, 1];
  let episodes = 0;
  for (const flag of flags) if (flag === mark) episodes++;
  return episodes;
}

/** Bytes one transition takes across the given fields. */
export function bytesPerTransition(fields: readonly ServedField[]): number {
  return fields.reduce((n, f) => n + f.data.BYTES_PER_ELEMENT * f.rowShape.reduce((a, b) => a * b, 1), 0);
}

/** A view of rows [from, to) of a field's bytes (no copy). */
export function fieldRows(f: ServedField, from: number, to: number): Uint8Array {
  const width = f.rowShape.reduce((a, b) => a * b, 1) * f.data.BYTES_PER_ELEMENT;
  return new Uint8Array(f.data.buffer, f.data.byteOffset + from * width, (to - from) * width);
}

