// The study's learning-curve figure: round update-step ticks, the success grid, and the agents' display names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTicks, renderStudyCurves, type AgentCurve } from '../src/study/study-curves.js';

test('axis ticks: the smallest whole 1/2/5 × 10^k step giving at most 7 ticks, from 0 to the largest step', () => {
  assert.deepEqual(axisTicks(30000), [0, 5000, 10000, 15000, 20000, 25000, 30000]);
  assert.deepEqual(axisTicks(60000), [0, 10000, 20000, 30000, 40000, 50000, 60000]);
  assert.deepEqual(axisTicks(65000), [0, 20000, 40000, 60000]);
  assert.deepEqual(axisTicks(40), [0, 10, 20, 30, 40]);
  assert.deepEqual(axisTicks(7), [0, 2, 4, 6]);
  assert.deepEqual(axisTicks(1), [0, 1], 'no fractional update steps');
});

test('the figure labels its ticks and grid and names each line as the report does', () => {
  const curves: AgentCurve[] = [
    { agent: 'Q-Flow', points: [{ step: 1, mean: 0, se: 0, seeds: 3 }, { step: 30000, mean: 0.8, se: 0.04, seeds: 3 }] },
    { agent: 'flow BC', points: [{ step: 1, mean: 0, se: 0, seeds: 3 }, { step: 30000, mean: 0.95, se: 0.01, seeds: 3 }] },
  ];
  const svg = renderStudyCurves(curves, 'cube: evaluation success');
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const x of ['0', '5000', '15000', '30000', '0%', '25%', '50%', '75%', '100%', 'Q-Flow', 'flow BC']) {
    assert.ok(labels.includes(x), `label ${x} in ${labels.join(' | ')}`);
  }
  assert.equal(svg.match(/<polygon/g)?.length, 2, 'one standard-error band per line');
  assert.equal(svg.match(/<circle/g)?.length, 4, 'a dot per evaluation');
  assert.ok(svg.includes('mean over seeds ± 1 standard error'));
  const single = renderStudyCurves([{ agent: 'FQL', points: [{ step: 40, mean: 0.1, se: 0, seeds: 1 }] }], 't');
  assert.ok(single.includes('>20%<'), 'a curve below 20% is drawn on a 0–20% scale');
  assert.ok(single.includes('update step (one seed)'), 'no seed band is claimed for one seed');
});
