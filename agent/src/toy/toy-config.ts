// Settings of the 2D study. `paper` is the authors' notebook configuration (docs/algorithm.md#toy-training); `scaled`
// is what runs here in minutes on a CPU (narrower nets, smaller batches, 10 flow steps) and still shows the
// qualitative picture.

export const TOY_METHODS = ['qflow', 'fql', 'bptt'] as const;
export type ToyMethod = (typeof TOY_METHODS)[number];

export interface ToyConfig {
  hidden: number;            // H: flow width (the critics use H/2)
  layers: number;            // L
  batchSize: number;
  flowSteps: number;         // Euler steps of the flow
  lr: number;                // Adam rate after the warm-up (the guided phase)
  warmupLr: number;          // Adam rate during the warm-up
  dataSize: number;          // training points
  bcSteps: number;           // warm-up updates: flow BC only (the outer critic trains throughout)
  /**
   * The inner value V and FQL's one-step policy train during the last `auxWarmupSteps` warm-up updates only
   * (the notebook: all of them). Each of their updates costs a full flow roll-out, and before the flow has
   * learned the data their targets are meaningless, so the scaled preset spends its budget on BC instead.
   */
  auxWarmupSteps: number;
  guidedSteps: number;       // updates after the warm-up, per method and λ
  lambdas: number[];         // BC weights, plotted in decreasing order
  samples: number;           // policy samples per panel
  gridSize: number;          // landscape resolution per axis
  supportDistance: number;   // a sample is "on support" within this distance of a training point
  gradNormEvery: number;     // BPTT: record the flow's gradient norm every this many updates
}

const COMMON = { lr: 3e-4, warmupLr: 3e-4, dataSize: 10_000, lambdas: [5, 1, 0.5, 0.3], samples: 512, gridSize: 50, supportDistance: 0.1 };

export const TOY_PRESETS = {
  // Notebook: H=512, L=4, 25 flow steps, batch 4096 over 10k points (2 updates per epoch), 2000 BC epochs then
  // 100 guided epochs.
  paper: { ...COMMON, hidden: 512, layers: 4, batchSize: 4096, flowSteps: 25, bcSteps: 4000, auxWarmupSteps: 4000, guidedSteps: 200, gradNormEvery: 10 },
  // Scaled: 128×3 nets, batch 512. BC with far fewer samples per update than the notebook needs a higher warm-up
  // rate and more updates to fit the thin spiral arms; the guided phase keeps the paper's rate and length, so
  // that a λ moves the policy about as far as in the paper.
  scaled: {
    ...COMMON, hidden: 128, layers: 3, batchSize: 512, flowSteps: 10, warmupLr: 3e-3, bcSteps: 6000, auxWarmupSteps: 1000,
    guidedSteps: 200, gradNormEvery: 5,
  },
} satisfies Record<string, ToyConfig>;

export type ToyPresetName = keyof typeof TOY_PRESETS;
export const TOY_PRESET_NAMES = Object.keys(TOY_PRESETS) as ToyPresetName[];

export function validateToyConfig(c: ToyConfig): void {
  const ints: (keyof ToyConfig)[] = ['hidden', 'layers', 'batchSize', 'flowSteps', 'dataSize', 'samples', 'gridSize', 'gradNormEvery'];
  for (const k of ints) {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < 1) throw new Error(`toy config: ${k} must be an integer >= 1, got ${v}`);
  }
  for (const k of ['bcSteps', 'auxWarmupSteps', 'guidedSteps'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0) throw new Error(`toy config: ${k} must be an integer >= 0, got ${c[k]}`);
  }
  if (c.hidden % 2 !== 0 || c.hidden < 2) throw new Error(`toy config: hidden must be even (critics use hidden/2), got ${c.hidden}`);
  if (c.batchSize > c.dataSize) throw new Error(`toy config: batchSize ${c.batchSize} exceeds dataSize ${c.dataSize} (batches are drawn without replacement)`);
  for (const k of ['lr', 'warmupLr'] as const) {
    if (!(c[k] > 0)) throw new Error(`toy config: ${k} must be > 0, got ${c[k]}`);
  }
  if (!(c.supportDistance > 0)) throw new Error(`toy config: supportDistance must be > 0, got ${c.supportDistance}`);
  if (c.lambdas.length === 0 || c.lambdas.some((l) => !(l > 0))) {
    throw new Error(`toy config: lambdas must be positive numbers, got [${c.lambdas}]`);
  }
}
