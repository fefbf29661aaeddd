// The study's outputs: `<out>/<dataset>.json` (metrics per method and λ) and `<out>/<dataset>.svg` (the figure).
import { mkdirSync } from 'node:fs';
import { replaceFile } from '../files/replace-file.js';
import { join } from 'node:path';
import { renderToyFigure } from './toy-figure.js';
import type { PolicyResult, ToyStudyResult } from './toy-study.js';

export const SUPPORT_DEFINITION = 'fraction of the samples within supportDistance (Euclidean, on the [-4,4]^2 domain) of at least one training point';
export const REWARD_DEFINITION = 'mean oracle reward of the samples (the dataset reward rule extended to the plane; see toy-datasets.ts)';

function policyMetrics(p: PolicyResult) {
  const out: Record<string, unknown> = {
    lambda: p.lambda, meanReward: p.meanReward, onSupport: p.onSupport, onSupportAt: p.onSupportAt, finalLoss: p.finalLoss, seconds: p.seconds,
  };
  if (p.gradNorms) {
    const norms = p.gradNorms.map((g) => g.norm);
    out.gradNorm = {
      first: norms[0], last: norms.at(-1), max: Math.max(...norms), mean: norms.reduce((a, b) => a + b, 0) / norms.length,
      series: p.gradNorms,
    };
  }
  return out;
}

export function toyMetricsJson(r: ToyStudyResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const [m, list] of Object.entries(r.methods)) methods[m] = list!.map(policyMetrics);
  return {
    dataset: r.dataset.name,
    seed: r.seed,
    ...extra,
    config: r.config,
    supportDistance: r.config.supportDistance,
    supportDefinition: SUPPORT_DEFINITION,
    rewardDefinition: REWARD_DEFINITION,
    samples: r.config.samples,
    bc: policyMetrics(r.bc),
    methods,
    warmupSeconds: r.warmupSeconds,
  };
}

/** Writes both files atomically (temp + rename); returns their paths. */
export function writeToyReport(r: ToyStudyResult, outDir: string, extra: Record<string, unknown> = {}): { json: string; svg: string } {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, `${r.dataset.name}.json`);
  const svg = join(outDir, `${r.dataset.name}.svg`);
  replaceFile(json, JSON.stringify(toyMetricsJson(r, extra), null, 2) + '\n');
  replaceFile(svg, renderToyFigure(r));
  return { json, svg };
}
