// Learning curves as a self-contained SVG: one small line chart per numeric metric of metrics.jsonl (train lines,
// then eval lines), x = update step.
import { readJsonLines } from '../files/json-lines.js';
import { escapeSvgText } from './svg-text.js';

const W = 260;
const H = 150;
const PAD = 36;
const SKIP = new Set(['step', 'time', 'elapsedSec', 'type']);

interface Series { name: string; points: [number, number][] }

export function readMetricSeries(jsonlPath: string): Series[] {
  const byName = new Map<string, [number, number][]>();
  for (const rec of readJsonLines<Record<string, unknown>>(jsonlPath)) {
    if (rec.type !== 'train' && rec.type !== 'eval') continue;
    for (const [k, v] of Object.entries(rec)) {
      if (SKIP.has(k) || typeof v !== 'number' || !Number.isFinite(v)) continue;
      const name = rec.type === 'eval' ? `eval/${k}` : k;
      const list = byName.get(name) ?? [];
      list.push([rec.step as number, v]);
      byName.set(name, list);
    }
  }
  return [...byName].map(([name, points]) => ({ name, points }));
}

export function renderLearningCurves(series: Series[], title: string): string {
  const cols = 4;
  const rows = Math.max(1, Math.ceil(series.length / cols));
  const width = cols * (W + 20) + 20;
  const height = rows * (H + 40) + 50;
  const charts = series.map((s, i) => chart(s, 20 + (i % cols) * (W + 20), 50 + Math.floor(i / cols) * (H + 40)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="20" y="28" font-size="15" font-weight="bold">${escapeSvgText(title)}</text>`,
    ...charts,
    '</svg>',
  ].join('\n');
}

function chart(s: Series, x: number, y: number): string {
  const xs = s.points.map((p) => p[0]);
  const ys = s.points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) { y0 -= 0.5; y1 += 0.5; }
  const px = (v: number) => PAD + ((v - x0) / (x1 - x0 || 1)) * (W - PAD - 8);
  const py = (v: number) => H - 18 - ((v - y0) / (y1 - y0)) * (H - 30);
  const pts = s.points.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(' ');
  const mark = s.points.length === 1 ? `<circle cx="${px(xs[0]!)}" cy="${py(ys[0]!)}" r="2" fill="#1f77b4"/>` : '';
  return `<g transform="translate(${x},${y})">` +
    `<text x="0" y="-6" font-size="12" font-weight="bold">${escapeSvgText(s.name)}</text>` +
    `<rect x="${PAD}" y="0" width="${W - PAD}" height="${H - 12}" fill="none" stroke="#bbb"/>` +
    `<text x="${PAD - 3}" y="12" font-size="9" text-anchor="end">${fmt(y1)}</text>` +
    `<text x="${PAD - 3}" y="${H - 18}" font-size="9" text-anchor="end">${fmt(y0)}</text>` +
    `<text x="${PAD}" y="${H}" font-size="9">${x0}</text>` +
    `<text x="${W}" y="${H}" font-size="9" text-anchor="end">${x1}</text>` +
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.3" points="${pts}"/>${mark}</g>`;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : v.toPrecision(3);
}
