// `qflow demo --task`: a locomotion task generates OGBench's recipe at the locomotion demo sizes (OGBench's episode
// length), the cube demo keeps its task-directed sizes; explicit flags win. Parse only: nothing is run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoPlan, LOCOMOTION_DEMO_EPISODES } from '../src/cli/demo-command.js';
import type { RunConfig } from '../src/online/run-config.js';

function dataset(argv: string[]): RunConfig['dataset'] & { envId: string } {
  const plan = demoPlan(argv);
  assert.equal(plan.help, false);
  if (plan.help) throw new Error('unreachable');
  const config = plan.config('cpu');
  return { ...config.dataset, envId: config.envId };
}

test('antmaze and antsoccer demo tasks: OGBench-length episodes, not task-directed', () => {
  const antmaze = dataset(['--task', 'antmaze-medium-navigate-singletask-task1-v0']);
  assert.deepEqual([antmaze.name, antmaze.episodes, antmaze.episodeLength, antmaze.collectionTask], ['antmaze-medium-navigate-v0', LOCOMOTION_DEMO_EPISODES, 1001, undefined]);
  assert.equal(antmaze.envId, 'antmaze-medium-navigate-singletask-task1-v0');
  const soccer = dataset(['--task', 'antsoccer-arena-stitch-singletask-task4-v0']);
  assert.deepEqual([soccer.name, soccer.episodes, soccer.episodeLength], ['antsoccer-arena-stitch-v0', LOCOMOTION_DEMO_EPISODES, 201]);
});

test('explicit --dataset-episodes and --episode-length win; the cube demo is unchanged', () => {
  const given = dataset(['--task', 'antmaze-large-navigate-singletask-task2-v0', '--dataset-episodes', '7', '--episode-length', '300']);
  assert.deepEqual([given.episodes, given.episodeLength], [7, 300]);
  const cube = dataset([]);
  assert.deepEqual([cube.name, cube.episodes, cube.episodeLength, cube.collectionTask], ['cube-single-play-v0', 400, 100, 1]);
});
