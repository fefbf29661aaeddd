// SAC settings for the low-level locomotion experts (docs/algorithm.md#sac-experts), per expert name.
import type { ExpertName } from '@qflow/datasets';

export interface SacSettings {
  actorHidden: number[];
  criticHidden: number[];
  /** LayerNorm after each hidden activation of the critics (OGBench's ant-ball and humanoid experts use it). */
  criticLayerNorm: boolean;
  activation: 'gelu' | 'relu';
  lr: number;
  batchSize: number;
  discount: number;
  tau: number;
  /** Target entropy = targetEntropyScale · |A| (OGBench: −0.5). */
  targetEntropyScale: number;
  initTemperature: number;
  /** The actor's log-std is clipped to [logStdMin, logStdMax]. */
  logStdMin: number;
  logStdMax: number;
  replaySize: number;
  /** Env steps of uniformly random actions before the actor acts and updates start. */
  startSteps: number;
  /** Whether an episode cut by the time limit is stored as terminal (mask 0); OGBench does so for ant-ball. */
  truncationIsTerminal: boolean;
}

export const SAC_DEFAULTS: SacSettings = {
  actorHidden: [256, 256], criticHidden: [256, 256], criticLayerNorm: false, activation: 'gelu',
  lr: 1e-4, batchSize: 256, discount: 0.99, tau: 0.005, targetEntropyScale: -0.5, initTemperature: 1,
  logStdMin: -5, logStdMax: 2, replaySize: 1_000_000, startSteps: 10_000, truncationIsTerminal: false,
};

/** Per-expert overrides of SAC_DEFAULTS (docs/algorithm.md#sac-experts). */
export function expertSettings(name: ExpertName): SacSettings {
  if (name === 'ant-xy') return { ...SAC_DEFAULTS };
  if (name === 'ant-ball') return { ...SAC_DEFAULTS, criticLayerNorm: true, truncationIsTerminal: true };
  return { ...SAC_DEFAULTS, criticHidden: [1024, 1024, 1024], criticLayerNorm: true };
}
