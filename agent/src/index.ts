// The agent package's public API. Agents and algorithms at the top level; the rest by area.
export * from './algorithms/index.js';
export * from './backend/index.js';
export * as nn from './nn/index.js';
export * as training from './training/index.js';
export * as remote from './remote/index.js';
export { fetchRemoteDataset, type RemoteDatasetOptions, type RemoteDatasetResult } from './data/remote-dataset.js';
export { runOfflineOnline, type RunOptions, type RunSummary } from './online/offline-online-run.js';
