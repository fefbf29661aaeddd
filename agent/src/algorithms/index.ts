export * from './agent.js';
export { updateFlops, type UpdateFlops } from './update-flops.js';
export { taskDefaults, matchTask, KNOWN_TASK_PREFIXES } from './task-defaults.js';
export type { QAgg, PresetName, ConfigRequest } from './agent-config.js';
