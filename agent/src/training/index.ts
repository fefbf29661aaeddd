export { AgentRng, type AgentRngState } from '../random/agent-rng.js';
export { mixSeeds } from '../random/seed-mixing.js';
export { TransitionDataset, type Transition, type TransitionColumns } from './transition-dataset.js';
export { clipDatasetActions, DATASET_ACTION_LIMIT } from './action-clipping.js';
export { BatchSampler, type Batch } from './batch-sampler.js';
export type { Env, EnvDims, EnvStepResult } from '../envs/vector-env.js';
export { evaluatePolicy, envEvaluator, type EvalOptions, type EvalPolicy, type EvalResult } from '../evaluation/policy-evaluation.js';
export { MetricsLog, MetricsAverager, type MetricsRecord } from '../reports/metrics-log.js';
export { ProgressBar, formatDuration } from '../reports/progress-bar.js';
export {
  saveCheckpoint, loadCheckpoint, encodeCheckpoint, decodeCheckpoint, type Checkpoint, type LoopCounters,
} from '../checkpoints/checkpoint.js';
export { replaceFile, tempPathFor, writeFlushedTemp } from '../files/replace-file.js';
export { readMetricSeries, renderLearningCurves } from '../reports/learning-curves.js';
export { trainOffline, CHECKPOINT_FILE, METRICS_FILE, CURVES_FILE, type OfflineTrainingOptions, type OfflineTrainingResult } from './offline-training.js';
export { toTransitionDataset, type LoadedTransitions, type ArrayLikeNd } from './offline-dataset.js';
