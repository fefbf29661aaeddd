export { TOY_DATASETS, generateToyDataset, oracleReward, isToyDatasetName, type ToyDataset, type ToyDatasetName } from './toy-datasets.js';
export { TOY_METHODS, TOY_PRESETS, TOY_PRESET_NAMES, validateToyConfig, type ToyConfig, type ToyMethod, type ToyPresetName } from './toy-config.js';
export { runToyStudy, type ToyStudyOptions, type ToyStudyResult, type PolicyResult } from './toy-study.js';
export { writeToyReport, toyMetricsJson } from './toy-report.js';
export { renderToyFigure } from './toy-figure.js';
export { meanOracleReward, supportFraction } from './toy-metrics.js';
