// The offline → online learning curves as one SVG: evaluation success and return against the update step, with the
// offline and online phases shaded and the switch marked. Reads the eval lines of a run's metrics.jsonl.
import { readJsonLines } from '../files/json-lines.js';
import { escapeSvgText } from './svg-text.js';

interface EvalPoint { step: number; success: number; meanReturn: number }

export function readEvalPoints(metricsPath: string): EvalPoint[] {
  const points: EvalPoint[] = [];
  for (const r of readJsonLines<Record<string, unknown>>(metricsPath)) {
    if (r.type === 'eval' && typeof r.success === 'number') {
      points.push({ step: r.step as number, success: r.success, meanReturn: r.meanReturn as number });
    }
  }
  return points;
}

const W = 460;
const H = 240;
const L = 56;

export function renderPhaseCurves(points: EvalPoint[], offlineSteps: number, title: string): string {
  const panels = [
    panel(points.map((p) => [p.step, p.success * 100]), 'evaluation success (%)', offlineSteps, [0, successTop(points)]),
    panel(points.map((p) => [p.step, p.meanReturn]), 'evaluation return', offlineSteps),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W + 40}" height="${H + 70}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="20" y="24" font-size="15" font-weight="bold">${escapeSvgText(title)}</text>`,
    `<g transform="translate(20,44)">${panels[0]}</g>`,
    `<g transform="translate(${W + 30},44)">${panels[1]}</g>`,
    '</svg>',
  ].join('\n');
}

/** The success axis' top: 20, 50 or 100 %, the smallest that fits (low rates stay readable). */
function successTop(points: EvalPoint[]): number {
  const top = Math.max(0, ...points.map((p) => p.success * 100));
  return [20, 50, 100].find((t) => top <= t) ?? 100;
}

function panel(pts: number[][], label: string, switchStep: number, fixedY?: [number, number]): string {
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  const x0 = 0;
  const x1 = Math.max(switchStep, ...xs, 1);
  let [y0, y1] = fixedY ?? [Math.min(...ys, 0), Math.max(...ys, 0)];
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const px = (v: number) => L + ((v - x0) / (x1 - x0)) * (W - L - 10);
  const py = (v: number) => H - 30 - ((v - y0) / (y1 - y0)) * (H - 50);
  const sx = px(switchStep);
  const line = pts.map(([a, b]) => `${px(a!).toFixed(1)},${py(b!).toFixed(1)}`).join(' ');
  const dots = pts.map(([a, b]) => `<circle cx="${px(a!).toFixed(1)}" cy="${py(b!).toFixed(1)}" r="2.5" fill="#1f77b4"/>`).join('');
  return [
    `<text x="0" y="0" font-size="12" font-weight="bold">${escapeSvgText(label)}</text>`,
    `<rect x="${L}" y="20" width="${(sx - L).toFixed(1)}" height="${H - 50}" fill="#eef3fb"/>`,
    `<rect x="${sx.toFixed(1)}" y="20" width="${(W - 10 - sx).toFixed(1)}" height="${H - 50}" fill="#fdf1e6"/>`,
    `<line x1="${sx.toFixed(1)}" y1="20" x2="${sx.toFixed(1)}" y2="${H - 30}" stroke="#d62728" stroke-dasharray="4 3"/>`,
    `<text x="${(L + 4).toFixed(1)}" y="34" font-size="10" fill="#555">offline</text>`,
    `<text x="${(sx + 4).toFixed(1)}" y="34" font-size="10" fill="#555">online</text>`,
    `<rect x="${L}" y="20" width="${W - L - 10}" height="${H - 50}" fill="none" stroke="#999"/>`,
    `<text x="${L - 4}" y="${py(y1) + 4}" font-size="10" text-anchor="end">${fmt(y1)}</text>`,
    `<text x="${L - 4}" y="${py(y0) + 4}" font-size="10" text-anchor="end">${fmt(y0)}</text>`,
    `<text x="${L}" y="${H - 14}" font-size="10">0</text>`,
    `<text x="${W - 10}" y="${H - 14}" font-size="10" text-anchor="end">${x1}</text>`,
    `<text x="${(L + W - 10) / 2}" y="${H - 2}" font-size="10" text-anchor="middle">update step</text>`,
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${line}"/>`,
    dots,
  ].join('\n');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
