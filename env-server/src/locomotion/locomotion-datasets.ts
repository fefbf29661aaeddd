// The locomotion datasets this project can generate (docs/datasets.md#locomotion-data-collection): OGBench's
// antmaze, humanoidmaze and antsoccer datasets, with their episode counts and lengths from the dataset registry.
import { DATASETS, type DatasetSpec } from '@qflow/datasets';
import type { ExpertName } from '../experts/expert-files.js';
import type { MazeName } from '../envs/maze/maze-maps.js';
import type { MazeDatasetType } from './maze-recipes.js';

export type LocomotionFamily = 'antmaze' | 'humanoidmaze' | 'antsoccer';
const FAMILIES: readonly string[] = ['antmaze', 'humanoidmaze', 'antsoccer'];

export interface LocomotionSpec {
  name: string;
  family: LocomotionFamily;
  maze: MazeName;
  type: MazeDatasetType;
  /** OGBench's training episodes and stored rows per episode. */
  episodes: number;
  length: number;
  /** The direction-following expert that walks. */
  walker: ExpertName;
  /** Single-task env id whose physics the collection runs. */
  envId: string;
}

function locomotionDatasets(): DatasetSpec[] {
  return DATASETS.filter((d) => !d.visual && FAMILIES.includes(d.family));
}

/** Every locomotion dataset name that can be generated. */
export function locomotionDatasetNames(): string[] {
  return locomotionDatasets().map((d) => d.name);
}

/** The spec of a generatable locomotion dataset name; undefined for any other name. */
export function findLocomotionDataset(name: string): LocomotionSpec | undefined {
  const dataset = locomotionDatasets().find((d) => d.name === name);
  if (!dataset) return undefined;
  const family = dataset.family as LocomotionFamily;
  const maze = dataset.env.slice(family.length + 1) as MazeName;
  return {
    name, family, maze, type: dataset.type as MazeDatasetType, episodes: dataset.episodes, length: dataset.storedLength,
    walker: family === 'humanoidmaze' ? 'humanoid-xy' : 'ant-xy', envId: `${dataset.env}-singletask-v0`,
  };
}
