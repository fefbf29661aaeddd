import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpz } from '@qflow/datasets';
import { main as trainMain } from '../src/cli/train-command.js';
import { loadCheckpoint } from '../src/checkpoints/checkpoint.js';

/** Two 6-step episodes in the OGBench layout; the agent's x-y (qpos[0:2]) ends on antmaze-large task 1's goal. */
async function writeTinyAntmaze(path: string): Promise<void> {
  const rows = 12, obsDim = 4, actDim = 2, nq = 3;
  const observations = new Float32Array(rows * obsDim).map((_, i) => Math.sin(i));
  const actions = new Float32Array(rows * actDim).map((_, i) => (i % 3) - 1); // includes ±1: clipped on load
  const terminals = new Float32Array(rows);
  terminals[5] = 1;
  terminals[11] = 1;
  const qpos = new Float32Array(rows * nq);
  await writeNpz(path, {
    observations: { dtype: 'float32', shape: [rows, obsDim], data: observations },
    actions: { dtype: 'float32', shape: [rows, actDim], data: actions },
    terminals: { dtype: 'float32', shape: [rows], data: terminals },
    qpos: { dtype: 'float32', shape: [rows, nq], data: qpos },
    qvel: { dtype: 'float32', shape: [rows, nq], data: new Float32Array(rows * nq) },
  });
}

async function quiet<T>(fn: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (m: string) => { out.push(String(m)); };
  console.error = (m: string) => { err.push(String(m)); };
  try {
    return { value: await fn(), out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('qflow train: trains from an .npz, writes JSONL + checkpoint, and --resume continues to --steps', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-train-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tiny.npz');
  await writeTinyAntmaze(file);
  const out = join(dir, 'run');
  const args = ['--dataset', file, '--env', 'antmaze-large-navigate-singletask-task1-v0', '--agent', 'bc', '--preset', 'cpu',
    '--batch-size', '4', '--backend', 'cpu', '--log-interval', '2', '--out', out, '--no-progress'];
  const first = await quiet(() => trainMain([...args, '--steps', '4']));
  assert.equal(first.value, 0, first.err);
  assert.match(first.err, /10 transitions, obs 4, act 2; \d+ action entries clipped/);
  assert.equal(loadCheckpoint(join(out, 'checkpoint.msgpack')).loop.step, 4);
  const resumed = await quiet(() => trainMain([...args, '--steps', '6', '--resume', join(out, 'checkpoint.msgpack')]));
  assert.equal(resumed.value, 0, resumed.err);
  const ckpt = loadCheckpoint(join(out, 'checkpoint.msgpack'));
  assert.equal(ckpt.loop.step, 6);
  assert.equal(ckpt.agent.step, 6);
  assert.equal((ckpt.config as { agent: string }).agent, 'bc');
  const train = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'train');
  assert.deepEqual(train.map((l) => l.step), [2, 4, 6]);
  assert.ok(train.every((l) => typeof l.updatesPerSec === 'number'));
});

test('qflow train: clear errors for bad input', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-train-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tiny.npz');
  await writeTinyAntmaze(file);
  const cases: [string[], RegExp][] = [
    [['--steps', '3'], /--dataset NAME\|PATH.npz is required/],
    [['--dataset', file], /--env: required with a dataset file/],
    [['--dataset', file, '--env', 'antmaze-large-navigate-v0'], /not a single-task name/],
    [['--dataset', join(dir, 'missing.npz'), '--env', 'antmaze-large-navigate-singletask-v0'], /does not exist/],
    [['--dataset', 'cube-double-play-singletask-task2-v0', '--data-dir', dir], /not in the store .*qflow datasets download cube-double-play-v0/],
    [['--dataset', file, '--env', 'antmaze-large-navigate-singletask-v0', '--agent', 'sac'], /--agent: unknown value 'sac'; valid choices: qflow, fql, bc, bptt/],
    [['--dataset', file, '--env', 'antmaze-large-navigate-singletask-v0', '--eval-interval', '5'], /--eval-interval/],
    [['--resume', join(dir, 'nope.msgpack')], /--resume: checkpoint .* does not exist/],
  ];
  for (const [args, pattern] of cases) {
    const r = await quiet(() => trainMain([...args, '--out', join(dir, 'run'), '--no-progress', '--backend', 'cpu']));
    assert.equal(r.value, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, pattern);
  }
});
