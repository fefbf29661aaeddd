// `qflow experts eval` on a random-weights expert: it runs the three kinds of rows and prints a Markdown table
// (no bar is asserted: the expert is random); bad values are refused naming the valid ones.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/experts-eval-command.js';
import { writeRandomExpert } from './support/random-expert.js';

const dir = mkdtempSync(join(tmpdir(), 'qflow-experts-eval-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const antExpert = writeRandomExpert(join(dir, 'ant-xy.json'), 'online-ant-xy-v0', 29, 8);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [log, error] = [console.log, console.error];
  let out = '';
  let err = '';
  console.log = (...a: unknown[]) => { out += `${a.join(' ')}\n`; };
  console.error = (...a: unknown[]) => { err += `${a.join(' ')}\n`; };
  try {
    return { code: await main(argv), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('direction, navigation and soccer rows: a Markdown table naming the expert, the dribbler and the noise', { timeout: 180_000 }, async () => {
  const r = await run(['--env', 'online-ant-xy-v0,antmaze-medium,antsoccer-arena', '--tasks', '1', '--episodes', '1', '--expert', antExpert, '--workers', '2']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`walker: ${antExpert} \\(sha256 [0-9a-f]{64}\\)`));
  assert.match(r.out, /dribbler: scripted/);
  assert.match(r.out, /action noise σ: 0, 0.2; seed 0; 1 episodes per row/);
  assert.match(r.out, /\| env \| episodes \| speed along the direction \(m\/s\) \| falls \|/);
  assert.match(r.out, /\| online-ant-xy-v0 \| 1 \| -?\d+\.\d{3} ± 0\.000 \| \d+\.\d% \([01]\/1\) \|/);
  assert.match(r.out, /\| antmaze-medium \| task1 \| 1 \| \d+\.\d% \([01]\/1\) \| (\d+|–) \|/);
  assert.match(r.out, /\| antsoccer-arena \| task1 \| 1 \| \d+\.\d% \([01]\/1\) \| (\d+|–) \|/);
});

test('bad values and missing experts are refused before any episode, naming the valid choices', async () => {
  const cases: [string[], RegExp][] = [
    [[], /--env is required; valid: online-ant-xy-v0, online-humanoid-xy-v0, antmaze-medium/],
    [['--env', 'pointmaze-medium'], /cannot evaluate on 'pointmaze-medium'; valid: .*antsoccer-medium/],
    [['--env', 'antmaze-medium', '--tasks', '6', '--expert', antExpert], /task 6 does not exist for antmaze-medium; valid: 1..5/],
    [['--env', 'antmaze-medium', '--tasks', 'one'], /--tasks must be comma-separated task ids/],
    [['--env', 'antmaze-medium,humanoidmaze-medium'], /mixes robots \(ant-xy, humanoid-xy\)/],
    [['--env', 'antmaze-medium', '--expert', join(dir, 'none.json')], /none.json not found: train one with 'qflow experts train ant-xy/],
    [['--env', 'antmaze-medium', '--expert', antExpert, '--ball-expert', antExpert], /--ball-expert is for antsoccer envs only/],
    [['--env', 'antsoccer-arena', '--expert', antExpert, '--ball-expert', antExpert], /is an expert for online-ant-xy-v0, expected one for online-antball-v0/],
    [['--env', 'antmaze-medium', '--seed', 'x'], /--seed must be a non-negative integer, got 'x'/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, message, argv.join(' '));
    assert.equal(r.out, '');
  }
});
