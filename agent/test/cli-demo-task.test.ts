// `qflow demo --task`: a locomotion task generates OGBench's recipe at the locomotion demo sizes (OGBench's episode
// length) and steps few enough online envs to finish episodes, the cube demo keeps its task-directed sizes; explicit
// flags win. Parse only: nothing is run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoPlan, LOCOMOTION_DEMO_EPISODES } from '../src/cli/demo-command.js';
import type { RunConfig } from '../src/online/run-config.js';
import { shortOnlineWarning } from '../src/online/offline-online-run.js';

function demoConfig(argv: string[]): RunConfig {
  const plan = demoPlan(argv);
  assert.equal(plan.help, false);
  if (plan.help) throw new Error('unreachable');
  return plan.config('cpu');
}

function dataset(argv: string[]): RunConfig['dataset'] & { envId: string } {
  const config = demoConfig(argv);
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

test('a locomotion demo steps few enough online envs that each finishes an episode; --num-envs wins; cube keeps 10', () => {
  const envs = (argv: string[]) => demoConfig(argv).numEnvs;
  assert.equal(envs(['--task', 'antmaze-medium-navigate-singletask-task1-v0']), 2, '2000 online steps, 1000-step episodes');
  assert.equal(envs(['--task', 'antmaze-medium-navigate-singletask-task1-v0', '--online-steps', '50000']), 10, 'at most the default 10');
  assert.equal(envs(['--task', 'antmaze-medium-navigate-singletask-task1-v0', '--online-steps', '300']), 1, 'at least one');
  assert.equal(envs(['--task', 'antmaze-medium-navigate-singletask-task1-v0', '--num-envs', '5']), 5);
  assert.equal(envs([]), 10, '2000 online steps, 200-step cube episodes');
});

test('an online phase too short for one episode per env is named, with the flags that fix it', () => {
  assert.equal(shortOnlineWarning(2000, 10, 200), undefined, 'the cube demo: one 200-step episode per env');
  assert.equal(shortOnlineWarning(2000, 2, 1000), undefined);
  assert.match(shortOnlineWarning(2000, 10, 1000)!, /^200 env steps per env is less than one 1000-step episode.*--online-steps ≥ 10000 or --num-envs ≤ 2$/);
  assert.match(shortOnlineWarning(500, 1, 1000)!, /--online-steps ≥ 1000 or --num-envs ≤ 1$/);
});
