// Worker thread of dataset generation: one MuJoCo instance and one episode collector (manipulation oracle or
// locomotion experts); runs the episodes it is given and sends back their rows (buffers transferred, not copied).
import { workerData } from 'node:worker_threads';
import { loadMujoco } from '../physics/mujoco-loader.js';
import { createLocomotionCollector, type ExpertPaths } from '../locomotion/locomotion-collector.js';
import { findLocomotionDataset } from '../locomotion/locomotion-datasets.js';
import { EpisodeCollector, parseCollectionName, type EpisodeRows } from './episode-collector.js';
import { serveEpisodes } from './episode-workers.js';

export interface CollectionWorkerData {
  name: string;
  /** Decimal string of the dataset seed (bigints do not cross postMessage in every Node version). */
  seed: string;
  length: number;
  /** Task-directed collection (see EpisodeCollector); absent for OGBench's recipe. */
  task?: number;
  /** Locomotion: the expert files. */
  experts?: ExpertPaths;
}

serveEpisodes<EpisodeRows>(async () => {
  const { name, seed, length, task, experts } = workerData as CollectionWorkerData;
  const mujoco = await loadMujoco();
  const locomotion = findLocomotionDataset(name);
  const collector = locomotion
    ? createLocomotionCollector(mujoco, locomotion, experts!)
    : new EpisodeCollector(mujoco, parseCollectionName(name), task);
  return {
    run: (episode) => collector.collect(BigInt(seed), episode, length),
    transfer: (rows) => [rows.observations, rows.actions, rows.qpos, rows.qvel, rows.buttonStates]
      .filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer),
    dispose: () => collector.dispose(),
  };
});
