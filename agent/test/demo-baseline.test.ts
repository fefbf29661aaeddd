// The demo's yardstick: flow BC on the demo run's own data, seed, networks and offline budget (no online phase), and
// the summary that sets the demo's success beside it with the evaluation noise of one run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoPlan } from '../src/cli/demo-command.js';
import { baselineConfig, comparisonText } from '../src/cli/demo-baseline.js';
import type { RunSummary } from '../src/online/offline-online-run.js';
import type { RunConfig } from '../src/online/run-config.js';

function demoConfig(argv: string[]): RunConfig {
  const plan = demoPlan(argv);
  if (plan.help) throw new Error('help');
  return plan.config('cpu');
}

test('the baseline is flow BC with the same data, seed, networks, batch, offline budget and evaluation, offline only', () => {
  const run = demoConfig(['--seed', '3', '--hidden', '32,32', '--batch-size', '16', '--offline-steps', '500', '--eval-episodes', '40']);
  const bc = baselineConfig(run);
  assert.equal(bc.agent, 'bc');
  assert.deepEqual(bc.dataset, run.dataset);
  assert.equal(bc.dataset.collectionTask, 1, 'the demo\'s task-directed data');
  assert.deepEqual([bc.seed, bc.offlineSteps, bc.onlineSteps, bc.evalEpisodes, bc.evalTasks], [3, 500, 0, 40, [1]]);
  assert.deepEqual([bc.agentConfig.actorHiddenDims, bc.agentConfig.batchSize, bc.agentConfig.lr], [[32, 32], 16, run.agentConfig.lr]);
});

const evalOf = (success: number, episodes: number) => ({ success, episodes, meanReturn: 0, tasks: [] });
const summary = (config: RunConfig, before: number, after?: number) =>
  ({ config, before: evalOf(before, 25), after: after === undefined ? undefined : evalOf(after, 25) }) as unknown as RunSummary;

test('the summary names both agents at the same budget and says whether one seed can tell them apart', () => {
  const run = demoConfig([]);
  const bc = baselineConfig(run);
  // 0.40 vs 0.32 on 25 episodes each: SE of the difference sqrt(.4·.6/25 + .32·.68/25) = 0.1353 > 0.08 / 2.
  const close = comparisonText(summary(run, 0.4, 0.44), summary(bc, 0.32), 61);
  assert.match(close, /Q-Flow after 3000 offline updates: 40% \(25 episodes, ±10 points binomial SE\)/);
  assert.match(close, /Q-Flow after 2000 more online env steps: 44%/);
  assert.match(close, /flow BC on the same data after 3000 updates: 32% \(25 episodes, ±9 points binomial SE\) \(61 s\)/);
  assert.match(close, /difference Q-Flow − flow BC: 8 points; within twice its evaluation noise \(±14 points\)/);
  const apart = comparisonText(summary(run, 0.8), summary(bc, 0.2));
  assert.match(apart, /60 points; more than twice its evaluation noise/);
  assert.match(comparisonText(summary(run, 0.4), undefined), /not run \(--no-baseline\)/);
  assert.match(comparisonText(summary(run, 0), summary(bc, 0)), /0 points; both at 0%: this budget does not separate them/);
});
