// The `qflow datasets` command: list, info, inspect and their error messages (called in-process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/datasets-command.js';
import { ndarray } from '../src/npy/ndarray.js';
import { writeNpz } from '../src/npz/npz-writer.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('list filters by family and rejects unknown families with the valid ones', async () => {
  const cube = await run(['list', '--family', 'cube']);
  assert.equal(cube.code, 0);
  assert.equal(cube.out.split('\n').length, 1 + 8);
  assert.match(cube.out, /cube-quadruple-noisy-v0\s+5000\s+1001\s+5M\s+55\s+5/);
  const all = await run(['list', '--json']);
  assert.equal(JSON.parse(all.out).length, 37);
  const bad = await run(['list', '--family', 'cubes']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown --family 'cubes'; valid: antmaze, humanoidmaze, antsoccer, cube, puzzle/);
});

test('info resolves single-task names and suggests the closest names for typos', async () => {
  const info = await run(['info', 'humanoidmaze-giant-navigate-singletask-task2-v0', '--json', '--dir', '/nonexistent-qflow']);
  assert.equal(info.code, 0);
  const spec = JSON.parse(info.out);
  assert.deepEqual([spec.name, spec.episodes, spec.storedLength, spec.transitions, spec.nq, spec.nv, spec.store.train.present],
    ['humanoidmaze-giant-navigate-v0', 1000, 4001, 4_000_000, 28, 27, false]);
  assert.equal(spec.urls.val, 'https://rail.eecs.berkeley.edu/datasets/ogbench/humanoidmaze-giant-navigate-v0-val.npz');
  const typo = await run(['info', 'puzle-4x4-play-v0']);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /unknown dataset 'puzle-4x4-play-v0'; closest valid names: puzzle-4x4-play-v0/);
  assert.equal((await run(['frobnicate'])).code, 2);
  assert.match((await run(['download', 'cube-single-play-v0', '--split', 'some'])).err, /unknown --split 'some'; valid: both, train, val/);
});

test('every subcommand has --help', async () => {
  for (const sub of ['list', 'info', 'download', 'inspect']) {
    const help = await run([sub, '--help']);
    assert.equal(help.code, 0, sub);
    assert.match(help.out, new RegExp(`^usage: qflow datasets ${sub}`), sub);
  }
});

test('inspect reports arrays, episodes, transitions and per-task success rates', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-cli-'));
  try {
    // 2 episodes × 4 rows of cube-single; the cube sits on task2's target (0.5, 0, 0.02) in rows 0 and 4 only.
    const rows = 8;
    const qpos = new Float32Array(rows * 21);
    for (let r = 0; r < rows; r++) qpos.set(r % 4 === 0 ? [0.5, 0, 0.02] : [0.3, 0.3, 0.02], r * 21 + 14);
    await writeNpz(join(dir, 'cube-single-play-v0.npz'), {
      observations: ndarray('float32', [rows, 28]),
      actions: ndarray('float32', [rows, 5]),
      terminals: ndarray('bool', [rows], Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 1])),
      qpos: ndarray('float32', [rows, 21], qpos),
      qvel: ndarray('float32', [rows, 20]),
    });
    const report = await run(['inspect', 'cube-single-play-v0', '--dir', dir, '--json']);
    assert.equal(report.code, 0, report.err);
    const r = JSON.parse(report.out);
    assert.deepEqual([r.rows, r.episodes, r.transitions, r.env], [8, 2, 6, 'cube-single']);
    assert.deepEqual(r.arrays.map((a: { name: string }) => a.name), ['observations', 'actions', 'terminals', 'qpos', 'qvel']);
    const task2 = r.tasks.find((t: { taskId: number }) => t.taskId === 2);
    assert.deepEqual([task2.isDefault, task2.successRate, task2.rewardMin, task2.rewardMax], [true, 2 / 6, -1, 0]);
    const text = await run(['inspect', join(dir, 'cube-single-play-v0.npz')]);
    assert.match(text.out, /task2\*\s+-1\s+-0\.667\s+0\s+33\.33%/);
    const missing = await run(['inspect', 'cube-double-play-v0', '--dir', dir]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cube-double-play-v0 is not in the store .*run 'qflow datasets download cube-double-play-v0' first/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
