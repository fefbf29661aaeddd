// A study's learning curves for one row as an SVG: evaluation success against the update step, one line per
// agent (per agent and λ in a --lambdas sweep: the mean over seeds), a dot at each evaluation, with a band of ± one
// standard error over seeds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEvalPoints } from '../reports/phase-curves.js';
import { mean, standardError } from './study-statistics.js';
import type { StudyCell } from './study-plan.js';
import { escapeSvgText } from '../reports/svg-text.js';
import { agentName } from '../reports/agent-names.js';

export interface CurvePoint { step: number; mean: number; se: number; seeds: number }
export interface AgentCurve { agent: string; points: CurvePoint[] }

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const W = 620;
const H = 340;
const L = 56;
const T = 58;
const LEGEND_SPACING = 115;

/** The line's name: the agent, plus its λ when its group is one of a --lambdas sweep. */
function seriesName(cell: Pick<StudyCell, 'agent' | 'label' | 'row' | 'config'>): string {
  const name = agentName(cell.agent);
  return cell.label === cell.row ? name : `${name} λ ${cell.config.agentConfig.guidanceLambda}`;
}

/** Per agent (and λ): success (0..1) at each evaluated step of the offline runs of `row`, over the seeds that evaluated there. */
export function agentCurves(cells: readonly StudyCell[], row: string): AgentCurve[] {
  const curves: AgentCurve[] = [];
  const inRow = cells.filter((c) => c.row === row);
  for (const agent of [...new Set(inRow.map(seriesName))]) {
    const byStep = new Map<number, number[]>();
    for (const cell of inRow.filter((c) => seriesName(c) === agent)) {
      const metrics = join(cell.dir, 'metrics.jsonl');
      if (!existsSync(join(cell.dir, 'summary.json')) || !existsSync(metrics)) continue;
      for (const p of readEvalPoints(metrics)) byStep.set(p.step, [...(byStep.get(p.step) ?? []), p.success]);
    }
    const points = [...byStep].sort((a, b) => a[0] - b[0]).map(([step, xs]) => ({ step, mean: mean(xs), se: standardError(xs), seeds: xs.length }));
    if (points.length) curves.push({ agent, points });
  }
  return curves;
}

/** Update-step ticks 0, d, 2d, ... ≤ max, with d the smallest whole 1, 2 or 5 × 10^k giving at most `most` + 1 ticks. */
export function axisTicks(max: number, most = 6): number[] {
  const base = Math.max(1, 10 ** Math.floor(Math.log10(max / most)));
  const step = [1, 2, 5, 10].map((m) => m * base).find((d) => max / d <= most) ?? 10 * base;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

export function renderStudyCurves(curves: AgentCurve[], title: string): string {
  const steps = curves.flatMap((c) => c.points.map((p) => p.step));
  const x1 = Math.max(1, ...steps);
  const top = Math.max(0, ...curves.flatMap((c) => c.points.map((p) => p.mean + p.se)));
  const y1 = [0.2, 0.5, 1].find((t) => top <= t) ?? 1;
  const px = (s: number) => L + (s / x1) * (W - L - 20);
  const py = (v: number) => T + (1 - Math.min(Math.max(v, 0), y1) / y1) * (H - T - 40);
  const series = curves.map((c, i) => {
    const color = COLORS[i % COLORS.length]!;
    const upper = c.points.map((p) => `${px(p.step).toFixed(1)},${py(p.mean + p.se).toFixed(1)}`);
    const lower = c.points.map((p) => `${px(p.step).toFixed(1)},${py(p.mean - p.se).toFixed(1)}`).reverse();
    const line = c.points.map((p) => `${px(p.step).toFixed(1)},${py(p.mean).toFixed(1)}`).join(' ');
    return `<polygon fill="${color}" fill-opacity="0.18" stroke="none" points="${[...upper, ...lower].join(' ')}"/>` +
      `<polyline fill="none" stroke="${color}" stroke-width="1.8" points="${line}"/>` +
      c.points.map((p) => `<circle cx="${px(p.step).toFixed(1)}" cy="${py(p.mean).toFixed(1)}" r="2.5" fill="${color}"/>`).join('') +
      `<text x="${L + LEGEND_SPACING * i}" y="${T - 8}" font-size="12" fill="${color}">${escapeSvgText(c.agent)}</text>`;
  });
  const oneSeed = curves.every((c) => c.points.every((p) => p.seeds < 2));
  const xTicks = axisTicks(x1).map((s) => `<line x1="${px(s).toFixed(1)}" y1="${T}" x2="${px(s).toFixed(1)}" y2="${H - 40}" stroke="#e4e4e4"/>` +
    `<text x="${px(s).toFixed(1)}" y="${H - 24}" font-size="10" text-anchor="middle">${s}</text>`);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * y1).map((v) => `<line x1="${L}" y1="${py(v).toFixed(1)}" x2="${W - 20}" y2="${py(v).toFixed(1)}" stroke="#e4e4e4"/>` +
    `<text x="${L - 4}" y="${(py(v) + 4).toFixed(1)}" font-size="10" text-anchor="end">${+(v * 100).toFixed(1)}%</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="16" y="24" font-size="14" font-weight="bold">${escapeSvgText(title)}</text>`,
    ...xTicks,
    ...yTicks,
    `<rect x="${L}" y="${T}" width="${W - L - 20}" height="${H - T - 40}" fill="none" stroke="#999"/>`,
    `<text x="${(L + W - 20) / 2}" y="${H - 8}" font-size="10" text-anchor="middle">update step (${oneSeed ? 'one seed' : 'mean over seeds ± 1 standard error'})</text>`,
    ...series,
    '</svg>',
  ].join('\n');
}
