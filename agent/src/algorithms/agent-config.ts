// Agent configuration: a plain JSON object (so a run's config.json recreates the agent): its fields, the presets
// and validation. make-agent-config.ts builds one from a preset, the per-task defaults and explicit overrides.

export type AgentKind = 'qflow' | 'fql' | 'bc' | 'bptt';
export const AGENT_KINDS: readonly AgentKind[] = ['qflow', 'fql', 'bc', 'bptt'];
export type QAgg = 'mean' | 'min';
export type PresetName = 'paper' | 'cpu';
export const PRESET_NAMES: readonly PresetName[] = ['paper', 'cpu'];

export interface AgentConfig {
  preset: PresetName;
  /** Env the per-task defaults were taken from ('' when none). */
  envName: string;
  lr: number;
  batchSize: number;
  actorHiddenDims: number[];
  valueHiddenDims: number[];
  /** LayerNorm in the critics (outer and inner). */
  layerNorm: boolean;
  actorLayerNorm: boolean;
  discount: number;
  /** EMA rate of the target networks. */
  tau: number;
  qAgg: QAgg;
  /** Q-Flow's λ: guidance weight 1/(λ+1e-8); BPTT's weight of the BC term. */
  guidanceLambda: number;
  /** FQL's α: weight of the one-step distillation loss. */
  alpha: number;
  flowSteps: number;
  numEnsembles: number;
  useTimeEmbed: boolean;
  timeEmbedDim: number;
  maxFreq: number;
  rewardScale: number;
  /** Scale the Q term by 1/mean|Q| (BPTT and FQL only). */
  normalizeQLoss: boolean;
  // Options that fix the authors' choices of docs/algorithm.md#authors-quirks (false = reproduce the authors).
  /** Regress each inner-critic member to the target instead of the aggregated value (docs/algorithm.md#aggregated-inner-value). */
  innerLossPerMember: boolean;
  /** Drop the EMA'd-but-unused target inner critic (docs/algorithm.md#unused-target-inner-critic). */
  dropTargetInnerCritic: boolean;
  /** EMA the targets toward the post-update params instead of the pre-update ones (docs/algorithm.md#target-lag). */
  emaFromPostUpdate: boolean;
}

const PAPER: Omit<AgentConfig, 'preset' | 'envName'> = {
  lr: 3e-4,
  batchSize: 256,
  actorHiddenDims: [512, 512, 512, 512],
  valueHiddenDims: [512, 512, 512, 512],
  layerNorm: true,
  actorLayerNorm: false,
  discount: 0.99,
  tau: 0.005,
  qAgg: 'mean',
  guidanceLambda: 1.0,
  alpha: 10,
  flowSteps: 10,
  numEnsembles: 2,
  useTimeEmbed: true,
  timeEmbedDim: 16,
  maxFreq: 256,
  rewardScale: 1.0,
  normalizeQLoss: false,
  innerLossPerMember: false,
  dropTargetInnerCritic: false,
  emaFromPostUpdate: false,
};

/**
 * The paper's networks scaled down for one wasm core: a Q-Flow update is ~80 ms there (3×256 would be ~150 ms;
 * below this size kernel-dispatch overhead, not arithmetic, sets the time). Measured by agent-bench.
 */
const CPU: Omit<AgentConfig, 'preset' | 'envName'> = {
  ...PAPER,
  batchSize: 128,
  actorHiddenDims: [256, 256],
  valueHiddenDims: [256, 256],
};

export const PRESETS: Record<PresetName, Omit<AgentConfig, 'preset' | 'envName'>> = { paper: PAPER, cpu: CPU };

function fail(field: string, value: unknown, expected: string): never {
  throw new Error(`invalid agent config: ${field} = ${JSON.stringify(value)}; expected ${expected}`);
}

/** Throws with a message naming the bad field, its value and what is allowed. */
export function validateAgentConfig(kind: AgentKind, c: AgentConfig): void {
  if (!AGENT_KINDS.includes(kind)) fail('kind', kind, `one of ${AGENT_KINDS.join(', ')}`);
  const known = new Set([...Object.keys(PAPER), 'preset', 'envName']);
  for (const key of Object.keys(c)) if (!known.has(key)) fail(key, (c as unknown as Record<string, unknown>)[key], `no such option (valid: ${[...known].join(', ')})`);
  const positive = (f: keyof AgentConfig) => {
    const v = c[f];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(f, v, 'a positive number');
  };
  const positiveInt = (f: keyof AgentConfig) => {
    const v = c[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(f, v, 'a positive integer');
  };
  const dims = (f: 'actorHiddenDims' | 'valueHiddenDims') => {
    const v = c[f];
    if (!Array.isArray(v) || v.some((d) => !Number.isInteger(d) || d < 1)) fail(f, v, 'an array of positive integers');
  };
  const bool = (f: keyof AgentConfig) => {
    if (typeof c[f] !== 'boolean') fail(f, c[f], 'true or false');
  };
  if (!PRESET_NAMES.includes(c.preset)) fail('preset', c.preset, `one of ${PRESET_NAMES.join(', ')}`);
  positive('lr');
  positiveInt('batchSize');
  dims('actorHiddenDims');
  dims('valueHiddenDims');
  positiveInt('flowSteps');
  positiveInt('numEnsembles');
  positive('maxFreq');
  if (!(c.discount >= 0 && c.discount <= 1)) fail('discount', c.discount, 'a number in [0, 1]');
  if (!(c.tau >= 0 && c.tau <= 1)) fail('tau', c.tau, 'a number in [0, 1]');
  if (!(c.guidanceLambda >= 0) || !Number.isFinite(c.guidanceLambda)) fail('guidanceLambda', c.guidanceLambda, 'a number >= 0');
  if (!(c.alpha >= 0) || !Number.isFinite(c.alpha)) fail('alpha', c.alpha, 'a number >= 0');
  if (!Number.isFinite(c.rewardScale)) fail('rewardScale', c.rewardScale, 'a finite number');
  if (c.qAgg !== 'mean' && c.qAgg !== 'min') fail('qAgg', c.qAgg, "'mean' or 'min'");
  for (const f of ['layerNorm', 'actorLayerNorm', 'useTimeEmbed', 'normalizeQLoss', 'innerLossPerMember', 'dropTargetInnerCritic', 'emaFromPostUpdate'] as const) bool(f);
  if (c.useTimeEmbed && (!Number.isInteger(c.timeEmbedDim) || c.timeEmbedDim < 2 || c.timeEmbedDim % 2 !== 0)) {
    fail('timeEmbedDim', c.timeEmbedDim, 'an even integer >= 2');
  }
  // The authors' code silently averages over the batch when E = 1 (docs/algorithm.md#one-member-ensembles): refuse it instead.
  if (kind !== 'bc' && c.numEnsembles < 2) {
    fail('numEnsembles', c.numEnsembles, 'at least 2 (with one member the reference code aggregates over the batch; docs/algorithm.md#one-member-ensembles)');
  }
}
