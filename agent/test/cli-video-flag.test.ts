// `--video N` of eval and demo on a machine without chromium and ffmpeg (PATH emptied): an explicit N > 0 is
// refused before any work with the installer named; the demo's own default only warns and renders none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { parseVideoFlag } from '../src/cli/video-flag.js';
import { UsageError } from '../src/cli/cli-options.js';
import { QFLOW_BIN } from './env-server-process.js';

const savedPath = process.env.PATH;
before(() => { process.env.PATH = ''; });
after(() => { process.env.PATH = savedPath; });

test('--video N without chromium and ffmpeg: a usage error naming the installer', async () => {
  await assert.rejects(parseVideoFlag('1', 0, () => {}), (err: Error) => {
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /--video 1: .*needs chromium and ffmpeg.*\.ci\/install-video\.sh/);
    return true;
  });
});

test('the default video count without chromium and ffmpeg: a warning naming the installer, no videos', async () => {
  const warnings: string[] = [];
  assert.equal(await parseVideoFlag(undefined, 2, (l) => warnings.push(l)), 0);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /no episode videos: .*\.ci\/install-video\.sh.*--video 0/);
  assert.equal(await parseVideoFlag('0', 2, (l) => warnings.push(l)), 0, '--video 0 needs no tools');
  assert.equal(warnings.length, 1);
});

test('qflow eval --video 2 without the tools exits 2 before reading the checkpoint', () => {
  const r = spawnSync(process.execPath, [QFLOW_BIN, 'eval', '--checkpoint', 'no-such.msgpack', '--video', '2'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--video 2: .*install-video\.sh/);
});
