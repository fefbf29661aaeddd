// `qflow toy`: the 2D study of docs/algorithm.md#2d-toy-study (Q-Flow vs FQL vs BPTT vs BC over several λ on a toy
// dataset).
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { selectBackend, BACKEND_CHOICES, type BackendRequest } from '../backend/index.js';
import { TOY_DATASETS, type ToyDatasetName } from '../toy/toy-datasets.js';
import { TOY_METHODS, TOY_PRESETS, TOY_PRESET_NAMES, type ToyConfig, type ToyPresetName } from '../toy/toy-config.js';
import { runToyStudy } from '../toy/toy-study.js';
import { writeToyReport } from '../toy/toy-report.js';
import {
  UsageError, parseChoice, parseChoiceList, parseInteger, parsePositive, parsePositiveList, runCommand,
} from './cli-options.js';

/** The toy study reads tensors synchronously (dataSync), which the WebGPU backend cannot do. */
const TOY_BACKENDS = BACKEND_CHOICES.filter((b) => b !== 'webgpu');

const HELP = `usage: qflow toy [options]

The 2D study (docs/algorithm.md#2d-toy-study): a shared BC warm-up, then Q-Flow, FQL (one-step distillation) and BPTT (FBRAC) for each λ.
Writes <out>/<dataset>.svg (samples per method and λ, Q-Flow's V(x, t=1) landscapes, BPTT's gradient norm) and
<out>/<dataset>.json (mean reward and on-support fraction of ${TOY_PRESETS.scaled.samples} samples per method/λ).

options:
  --dataset NAME         ${TOY_DATASETS.join(' | ')} (default swissroll)
  --methods LIST         comma list of ${TOY_METHODS.join(', ')} (default all)
  --lambdas LIST         BC weights, e.g. 5,1,0.5,0.3 (default: the preset's)
  --preset NAME          ${TOY_PRESET_NAMES.join(' | ')} (default scaled; paper = 4x512, batch 4096, 25 steps:
                         minutes per update on a CPU)
  --seed N               data, init and noise seed (default 0)
  --out DIR              output directory (default runs/toy)
  --backend NAME         ${TOY_BACKENDS.join(' | ')} (default auto)
  --bc-steps N           warm-up updates (flow BC; critics train throughout)
  --aux-warmup-steps N   the inner value and FQL's one-step policy train in the last N warm-up updates only
  --guided-steps N       updates per method and λ after the warm-up
  --hidden N             flow width H (critics use H/2)
  --layers N             hidden layers L
  --batch-size N         batch (drawn without replacement)
  --flow-steps N         Euler steps
  --lr X                 Adam rate after the warm-up (default 3e-4)
  --warmup-lr X          Adam rate during the warm-up (scaled 3e-3, paper 3e-4)
  --support-distance D   on-support radius (default 0.1)
  -h, --help             this text`;

export const TOY_OPTIONS = {
  dataset: { type: 'string', default: 'swissroll' },
  methods: { type: 'string', default: TOY_METHODS.join(',') },
  lambdas: { type: 'string' },
  preset: { type: 'string', default: 'scaled' },
  seed: { type: 'string', default: '0' },
  out: { type: 'string', default: 'runs/toy' },
  backend: { type: 'string', default: 'auto' },
  'bc-steps': { type: 'string' },
  'guided-steps': { type: 'string' },
  'aux-warmup-steps': { type: 'string' },
  hidden: { type: 'string' },
  layers: { type: 'string' },
  'batch-size': { type: 'string' },
  'flow-steps': { type: 'string' },
  lr: { type: 'string' },
  'warmup-lr': { type: 'string' },
  'support-distance': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  return runCommand('toy', async () => {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: TOY_OPTIONS });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const dataset = parseChoice<ToyDatasetName>('dataset', values.dataset!, TOY_DATASETS);
    const methods = parseChoiceList('methods', values.methods!, TOY_METHODS);
    const preset = parseChoice<ToyPresetName>('preset', values.preset!, TOY_PRESET_NAMES);
    const backend = parseChoice<BackendRequest>('backend', values.backend!, TOY_BACKENDS);
    const seed = parseInteger('seed', values.seed!, 0);
    const config: ToyConfig = { ...TOY_PRESETS[preset], lambdas: [...TOY_PRESETS[preset].lambdas] };
    if (values.lambdas !== undefined) config.lambdas = parsePositiveList('lambdas', values.lambdas);
    const ints: [string, keyof ToyConfig, number][] = [
      ['bc-steps', 'bcSteps', 0], ['aux-warmup-steps', 'auxWarmupSteps', 0], ['guided-steps', 'guidedSteps', 0], ['hidden', 'hidden', 2], ['layers', 'layers', 1],
      ['batch-size', 'batchSize', 1], ['flow-steps', 'flowSteps', 1],
    ];
    for (const [flag, key, min] of ints) {
      const v = (values as unknown as Record<string, string | undefined>)[flag];
      if (v !== undefined) (config[key] as number) = parseInteger(flag, v, min);
    }
    if (values.lr !== undefined) config.lr = parsePositive('lr', values.lr);
    if (values['warmup-lr'] !== undefined) config.warmupLr = parsePositive('warmup-lr', values['warmup-lr']);
    if (values['support-distance'] !== undefined) config.supportDistance = parsePositive('support-distance', values['support-distance']);
    if (config.hidden % 2 !== 0) throw new UsageError(`--hidden: '${config.hidden}' must be even (the critics use hidden/2)`);
    if (config.batchSize > config.dataSize) {
      throw new UsageError(`--batch-size: ${config.batchSize} exceeds the ${config.dataSize} training points`);
    }

    const selection = await selectBackend(backend, undefined, { syncReads: true });
    const started = performance.now();
    const result = runToyStudy({
      dataset, methods, config, seed,
      onProgress: (m) => console.error(`toy ${dataset}: ${m} [${((performance.now() - started) / 1000).toFixed(0)} s]`),
    });
    const totalSeconds = (performance.now() - started) / 1000;
    const files = writeToyReport(result, values.out!, { preset, backend: selection.name, totalSeconds });
    console.log(`BC: mean reward ${result.bc.meanReward.toFixed(3)}, on support ${(100 * result.bc.onSupport).toFixed(1)}%`);
    for (const [m, list] of Object.entries(result.methods)) {
      for (const p of list!) {
        const g = p.gradNorms?.length ? `, grad norm ${p.gradNorms[0]!.norm.toPrecision(3)} → ${p.gradNorms.at(-1)!.norm.toPrecision(3)}` : '';
        console.log(`${m.padEnd(5)} λ=${String(p.lambda).padEnd(4)} mean reward ${p.meanReward.toFixed(3)}, on support ${(100 * p.onSupport).toFixed(1)}%${g}`);
      }
    }
    console.log(`wrote ${files.svg} and ${files.json} (${totalSeconds.toFixed(0)} s, backend ${selection.name})`);
    console.log(writePng(files.svg));
    return 0;
  });
}

/** A PNG beside the SVG when rsvg-convert (Debian: librsvg2-bin) is installed; optional. */
function writePng(svg: string): string {
  const png = svg.replace(/\.svg$/, '.png');
  const r = spawnSync('rsvg-convert', ['-o', png, svg], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) return 'no PNG: rsvg-convert is not installed (apt-get install librsvg2-bin)';
  return r.status === 0 ? `wrote ${png}` : `no PNG: rsvg-convert failed: ${r.stderr.toString().trim()}`;
}
