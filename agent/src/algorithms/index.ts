export * from './agent.js';
export { createAgent, type CreateAgentOptions } from './create-agent.js';
export { AGENT_KINDS, validateAgentConfig, PRESETS, PRESET_NAMES } from './agent-config.js';
export { makeAgentConfig } from './make-agent-config.js';
export { updateFlops, type UpdateFlops } from './update-flops.js';
export { taskDefaults, matchTask, KNOWN_TASK_PREFIXES } from './task-defaults.js';
export type { QAgg, PresetName } from './agent-config.js';
export type { ConfigRequest } from './make-agent-config.js';
