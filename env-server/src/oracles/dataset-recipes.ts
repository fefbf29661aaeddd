// Which recipe generates a dataset name: a manipulation oracle (cube, puzzle) or locomotion experts (antmaze,
// humanoidmaze, antsoccer); OGBench's episode count and length for it come from the dataset registry.
import { getDataset } from '@qflow/datasets';
import { findLocomotionDataset, locomotionDatasetNames, type LocomotionSpec } from '../locomotion/locomotion-datasets.js';
import { generatableDatasets as manipulationDatasets, parseCollectionName, type CollectionSpec } from './episode-collector.js';

export type DatasetRecipe =
  | { kind: 'manipulation'; name: string; spec: CollectionSpec; episodes: number; length: number }
  | { kind: 'locomotion'; name: string; spec: LocomotionSpec; episodes: number; length: number };

/** Every dataset name that can be generated here. */
export function generatableDatasets(): string[] {
  return [...manipulationDatasets(), ...locomotionDatasetNames()];
}

export function parseDatasetRecipe(name: string): DatasetRecipe {
  const locomotion = findLocomotionDataset(name);
  if (locomotion) return { kind: 'locomotion', name, spec: locomotion, episodes: locomotion.episodes, length: locomotion.length };
  let spec: CollectionSpec;
  try {
    spec = parseCollectionName(name);
  } catch {
    throw new Error(`cannot generate dataset '${name}'; valid names: ${generatableDatasets().join(', ')}`);
  }
  const { episodes, storedLength } = getDataset(name);
  return { kind: 'manipulation', name, spec, episodes, length: storedLength };
}
