// Public API of @qflow/datasets.
export * from './npy/ndarray.js';
export { NpyFormatError, encodeNpyHeader, parseNpyHeader } from './npy/npy-header.js';
export { readNpy, writeNpy, encodeNpy } from './npy/npy-file.js';
export { NpzReader, readNpz, type MemberInfo } from './npz/npz-reader.js';
export { writeNpz, type WriteNpzOptions } from './npz/npz-writer.js';
export { ZipFormatError } from './npz/zip-directory.js';
export { writeFileAtomic } from './store/atomic-file.js';
export { loadDataset, type LoadOptions, type LoadedDataset } from './loader/load-dataset.js';
export { relabel, type Relabelled } from './loader/relabel.js';
export { oracleReps } from './loader/oracle-reps.js';
export { loadNamedDataset, type LoadNamedOptions, type NamedDatasets } from './loader/load-named-dataset.js';
export * from './tasks/maze-tasks.js';
export * from './tasks/cube-tasks.js';
export * from './tasks/puzzle-tasks.js';
export { singleTaskGoal, DEFAULT_TASK, type SingleTaskGoal } from './tasks/single-task-goal.js';
export { parseDatasetName, checkDatasetName, DatasetNameError, FAMILIES, type Family, type ParsedDatasetName } from './registry/dataset-name.js';
export {
  DATASETS, DEFAULT_BASE_URL, listDatasets, findDataset, getDataset, datasetUrls, environmentShape, type DatasetSpec,
  type EnvironmentShape,
} from './registry/dataset-registry.js';
export { closestNames } from './registry/closest-names.js';
export { MAX_DATASET_NAME_BYTES, QUOTED_NAME_CHARS, nameLengthProblem, quoteName } from './registry/name-bounds.js';
export { resolveDataDir, datasetFile, sidecarPath, DATA_DIR_ENV, type Split } from './store/data-dir.js';
export { downloadFile, sha256File, DownloadError, type DownloadRecord, type DownloadFileOptions } from './download/download-file.js';
export { downloadDataset, type DownloadDatasetOptions } from './download/download-dataset.js';
export { progressBar, silentProgress, type ProgressSink } from './download/progress-bar.js';
export { inspectDataset, envFromFileName, type DatasetReport, type TaskStatistics } from './inspect/inspect-dataset.js';
export { DatasetStore, StoreError, type StoreEntry } from './serving/dataset-store.js';
export {
  servedFields, bytesPerTransition, fieldRows, type DatasetView, type ServedDataset, type ServedField, type Provenance,
} from './serving/served-dataset.js';
export { chunkSha256 } from './serving/chunk-checksum.js';
export {
  writeGeneratedSidecar, checkGeneratedExperts, type GeneratedProvenance, type GeneratedRecord, type ExpertFileCheck,
} from './store/generated-sidecar.js';
export { EXPERT_ENV_IDS, EXPERT_NAMES, type ExpertName } from './registry/expert-envs.js';
