// Builds an agent's configuration: the preset, then the per-task defaults for the env, then explicit overrides.
import { PRESET_NAMES, PRESETS, validateAgentConfig, type AgentConfig, type AgentKind, type PresetName } from './agent-config.js';
import { taskDefaults } from './task-defaults.js';

export interface ConfigRequest {
  preset?: PresetName;
  envName?: string;
  overrides?: Partial<AgentConfig>;
}

/** Preset, then per-task defaults for `envName` (docs/algorithm.md#per-task-settings), then overrides; validated. */
export function makeAgentConfig(kind: AgentKind, request: ConfigRequest = {}): AgentConfig {
  const preset = request.preset ?? 'paper';
  if (!PRESET_NAMES.includes(preset)) {
    throw new Error(`unknown preset '${preset}'; valid choices: ${PRESET_NAMES.join(', ')}`);
  }
  const envName = request.envName ?? '';
  const config: AgentConfig = {
    preset,
    envName,
    ...structuredClone(PRESETS[preset]),
    ...(envName ? taskDefaults(kind, envName) : {}),
    ...structuredClone(request.overrides ?? {}),
  };
  validateAgentConfig(kind, config);
  return config;
}
