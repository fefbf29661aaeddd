// A dataset prepared for streaming: OGBench's loader output (regular layout) as named per-transition columns,
// optionally with single-task rewards and masks, plus the file's size, sha256 and provenance.
import { DType, NdArray, NdData } from '../npy/ndarray.js';
import { LoadedDataset } from '../loader/load-dataset.js';

export interface ServedField {
  /** OGBench key: observations, actions, next_observations, terminals, rewards, masks. */
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

/** The streamed columns of a loaded dataset (regular layout), rewards and masks included when present. */
export function servedFields(d: LoadedDataset): ServedField[] {
  const fields = [
    field('observations', d.observations),
    field('actions', d.actions),
    field('next_observations', d.nextObservations!),
    field('terminals', d.terminals),
  ];
  if (d.rewards && d.masks) fields.push(field('rewards', d.rewards), field('masks', d.masks));
  return fields;
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

