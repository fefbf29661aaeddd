// The study's figure as a self-contained SVG: one row of sample scatter plots per method (BC first, then each λ,
// decreasing), a row of inner value landscapes V(x, t=1) under Q-Flow's row, and a first column with the data
// (coloured by reward) and the outer critic Q(a). BPTT's row ends with its gradient norm over training.
import { TOY_DOMAIN } from './toy-datasets.js';
import type { ToyMethod } from './toy-config.js';
import type { PolicyResult, ToyStudyResult } from './toy-study.js';
import { escapeSvgText } from '../reports/svg-text.js';

const PANEL = 170;       // plot area, px
const GAP = 14;
const TITLE = 34;        // room above a plot for its two title lines
const LEFT = 96;         // row labels
const TOP = 46;          // figure title
const METHOD_NAMES: Record<ToyMethod, string[]> = { qflow: ['Q-Flow', 'samples'], fql: ['FQL', '(one-step π)'], bptt: ['BPTT', '(FBRAC)'] };
const METHOD_COLORS: Record<ToyMethod | 'bc', string> = { qflow: '#d62728', fql: '#1f77b4', bptt: '#2ca02c', bc: '#555555' };

type Cell = (x: number, y: number) => string;

export function renderToyFigure(r: ToyStudyResult): string {
  const methods = (Object.keys(r.methods) as ToyMethod[]).filter((m) => r.methods[m]?.length);
  const lambdas = r.methods[methods[0]!]?.map((p) => p.lambda!) ?? [];
  const rows: { label: string[]; cells: (Cell | null)[] }[] = [];
  const bg = backgroundPoints(r);
  for (const m of methods) {
    const list = r.methods[m]!;
    const first: Cell | null = rows.length === 0 ? (x, y) => dataPanel(r, x, y) : null;
    const bcCell: Cell = (x, y) => scatterPanel(r.bc, 'BC (warm-up)', METHOD_COLORS.bc, bg, x, y);
    const cells: (Cell | null)[] = [first, bcCell, ...list.map((p): Cell => (x, y) => scatterPanel(p, `λ = ${p.lambda}`, METHOD_COLORS[m], bg, x, y))];
    if (m === 'bptt') cells.push((x, y) => gradNormPanel(list, x, y));
    rows.push({ label: METHOD_NAMES[m], cells });
    if (m === 'qflow') {
      rows.push({
        label: ['Q-Flow', 'V(x, t=1)'],
        cells: [
          (x, y) => heatPanel(r.critic, r.config.gridSize, 'outer critic Q(a)', x, y),
          (x, y) => heatPanel(r.bc.landscape!, r.config.gridSize, 'V after warm-up', x, y),
          ...list.map((p): Cell => (x, y) => heatPanel(p.landscape!, r.config.gridSize, `V, λ = ${p.lambda}`, x, y)),
        ],
      });
    }
  }
  const columns = Math.max(...rows.map((row) => row.cells.length), 2 + lambdas.length);
  const width = LEFT + columns * (PANEL + GAP) + GAP;
  const height = TOP + rows.length * (PANEL + TITLE + GAP) + 48;
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = TOP + i * (PANEL + TITLE + GAP) + TITLE;
    row.label.forEach((line, k) => {
      parts.push(text(LEFT - 10, y + PANEL / 2 + 16 * (k - (row.label.length - 1) / 2), line, { anchor: 'end', size: 13, weight: k === 0 ? 'bold' : undefined }));
    });
    row.cells.forEach((cell, j) => { if (cell) parts.push(cell(LEFT + j * (PANEL + GAP), y)); });
  });
  const c = r.config;
  const title = `2D study: ${r.dataset.name} — ${c.hidden}×${c.layers} nets, batch ${c.batchSize}, ${c.flowSteps} flow steps, ` +
    `${c.bcSteps} BC updates (lr ${c.warmupLr}) + ${c.guidedSteps} guided (lr ${c.lr}), seed ${r.seed}`;
  const note = `Each panel: ${c.samples} samples from one fixed noise batch (grey: data). R = mean oracle reward; ` +
    `sup = fraction within ${c.supportDistance} of a training point. Heatmaps: per-panel colour scale, dark = low.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    text(LEFT, 24, title, { size: 15, weight: 'bold' }),
    ...parts,
    text(LEFT, height - 16, note, { size: 11, fill: '#444' }),
    '</svg>',
  ].join('\n');
}

function scale(v: number): number {
  return ((v + TOY_DOMAIN) / (2 * TOY_DOMAIN)) * PANEL;
}

function frame(x: number, y: number, inner: string): string {
  return `<g transform="translate(${x},${y})"><rect width="${PANEL}" height="${PANEL}" fill="white" stroke="#999"/>` +
    `<line x1="${PANEL / 2}" y1="0" x2="${PANEL / 2}" y2="${PANEL}" stroke="#eee"/>` +
    `<line x1="0" y1="${PANEL / 2}" x2="${PANEL}" y2="${PANEL / 2}" stroke="#eee"/>${inner}</g>`;
}

function dots(points: Float32Array, color: string, radius: number, opacity: number): string {
  const out: string[] = [];
  for (let i = 0; i < points.length; i += 2) {
    out.push(`<circle cx="${scale(points[i]!).toFixed(1)}" cy="${(PANEL - scale(points[i + 1]!)).toFixed(1)}" r="${radius}"/>`);
  }
  return `<g fill="${color}" fill-opacity="${opacity}">${out.join('')}</g>`;
}

function backgroundPoints(r: ToyStudyResult): Float32Array {
  const n = Math.min(r.dataset.size, 1500);
  return r.dataset.points.slice(0, 2 * n);
}

function scatterPanel(p: PolicyResult, title: string, color: string, bg: Float32Array, x: number, y: number): string {
  const sub = `R ${p.meanReward.toFixed(3)}  sup ${(100 * p.onSupport).toFixed(0)}%`;
  return text(x, y - 19, title, { size: 12, weight: 'bold' }) + text(x, y - 5, sub, { size: 11 }) +
    frame(x, y, dots(bg, '#bbbbbb', 1, 0.5) + dots(p.samples, color, 1.4, 0.8));
}

function dataPanel(r: ToyStudyResult, x: number, y: number): string {
  const n = Math.min(r.dataset.size, 2000);
  const circles: string[] = [];
  const rewards = r.dataset.rewards;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, rewards[i]!); hi = Math.max(hi, rewards[i]!); }
  for (let i = 0; i < n; i++) {
    const px = scale(r.dataset.points[2 * i]!);
    const py = PANEL - scale(r.dataset.points[2 * i + 1]!);
    circles.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="1.3" fill="${viridis((rewards[i]! - lo) / (hi - lo || 1))}"/>`);
  }
  return text(x, y - 19, 'data', { size: 12, weight: 'bold' }) +
    text(x, y - 5, `reward ${lo.toFixed(2)} (dark) … ${hi.toFixed(2)}`, { size: 11 }) + frame(x, y, circles.join(''));
}

function heatPanel(values: Float32Array, n: number, title: string, x: number, y: number): string {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const cell = PANEL / n;
  const rects: string[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = values[r * n + c]!;
      rects.push(`<rect x="${(c * cell).toFixed(2)}" y="${(PANEL - (r + 1) * cell).toFixed(2)}" width="${(cell + 0.3).toFixed(2)}" height="${(cell + 0.3).toFixed(2)}" fill="${viridis((v - lo) / (hi - lo || 1))}"/>`);
    }
  }
  return text(x, y - 19, title, { size: 12, weight: 'bold' }) + text(x, y - 5, `${lo.toFixed(2)} … ${hi.toFixed(2)}`, { size: 11 }) +
    frame(x, y, rects.join(''));
}

function gradNormPanel(list: PolicyResult[], x: number, y: number): string {
  const series = list.filter((p) => p.gradNorms?.length);
  const all = series.flatMap((p) => p.gradNorms!.map((g) => g.norm)).filter((v) => v > 0);
  if (!all.length) return '';
  const lo = Math.log10(Math.min(...all));
  const hi = Math.log10(Math.max(...all));
  const maxStep = Math.max(...series.flatMap((p) => p.gradNorms!.map((g) => g.step)));
  const palette = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02'];
  const lines = series.map((p, i) => {
    const pts = p.gradNorms!.filter((g) => g.norm > 0).map((g) => {
      const px = (g.step / maxStep) * (PANEL - 8) + 4;
      const py = PANEL - 4 - ((Math.log10(g.norm) - lo) / (hi - lo || 1)) * (PANEL - 8);
      return `${px.toFixed(1)},${py.toFixed(1)}`;
    });
    const color = palette[i % palette.length]!;
    // The legend sits under the plot so that it never hides a line.
    return `<polyline fill="none" stroke="${color}" stroke-width="1.2" points="${pts.join(' ')}"/>` +
      text((PANEL / series.length) * i, PANEL + 13, `λ=${p.lambda}`, { size: 11, fill: color, weight: 'bold' });
  });
  return text(x, y - 19, 'BPTT ‖∇θ‖ (log scale)', { size: 12, weight: 'bold' }) +
    text(x, y - 5, `${Math.min(...all).toExponential(1)} … ${Math.max(...all).toExponential(1)}, ${maxStep} updates`, { size: 11 }) +
    `<g transform="translate(${x},${y})"><rect width="${PANEL}" height="${PANEL}" fill="white" stroke="#999"/>${lines.join('')}</g>`;
}

function text(x: number, y: number, s: string, o: { size?: number; weight?: string; anchor?: string; fill?: string } = {}): string {
  const esc = escapeSvgText(s);
  return `<text x="${x}" y="${y}" font-size="${o.size ?? 12}"${o.weight ? ` font-weight="${o.weight}"` : ''}` +
    `${o.anchor ? ` text-anchor="${o.anchor}"` : ''}${o.fill ? ` fill="${o.fill}"` : ''}>${esc}</text>`;
}

/** A 5-stop approximation of the viridis colour map; v in [0, 1]. */
export function viridis(v: number): string {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const t = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const f = t - i;
  const c = stops[i]!.map((a, k) => Math.round(a + (stops[i + 1]![k]! - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
