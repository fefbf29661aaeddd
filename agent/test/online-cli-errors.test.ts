// Bad flags of demo / finetune / eval / train --config are refused before any work, with a message naming the flag,
// the bad value and the valid choices (exit code 2); so is train --resume with a checkpoint of another run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main as demo } from '../src/cli/demo-command.js';
import { main as finetune } from '../src/cli/finetune-command.js';
import { main as evalCommand } from '../src/cli/eval-command.js';
import { main as train } from '../src/cli/train-command.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../src/backend/index.js';
import { createAgent, makeAgentConfig } from '../src/algorithms/index.js';
import { saveCheckpoint } from '../src/checkpoints/checkpoint.js';

async function run(main: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; err: string }> {
  const original = console.error;
  let err = '';
  console.error = (...a: unknown[]) => { err += a.join(' ') + '\n'; };
  try {
    return { code: await main(argv), err };
  } finally {
    console.error = original;
  }
}

test('bad flags are named with the valid choices', async () => {
  const cases: [(argv: string[]) => Promise<number>, string[], RegExp][] = [
    [demo, ['--preset', 'huge'], /--preset: unknown value 'huge'; valid choices: paper, cpu/],
    [demo, ['--backend', 'gpu'], /--backend: unknown value 'gpu'; valid choices: auto, tensorflow, webgpu, blas, wasm, cpu/],
    [demo, ['--task', 'cube-single-play-v0'], /--task: 'cube-single-play-v0' names no task/],
    [demo, ['--eval-tasks', '1,9'], /--eval-tasks: task 9 does not exist; valid: 1\.\.5/],
    [demo, ['--env-servers', 'nohost'], /--env-servers: 'nohost' is not host:port/],
    [demo, ['--online-steps=-3'], /--online-steps: '-3' is not an integer >= 0/],
    [demo, ['--bogus'], /Unknown option '--bogus'/],
    [finetune, ['--online-steps', '10'], /--checkpoint C is required/],
    [finetune, ['--checkpoint', '/no/such/file', '--online-steps', '10'], /--checkpoint: '\/no\/such\/file' does not exist/],
    [evalCommand, ['--checkpoint', '/no/such/file'], /--checkpoint: '\/no\/such\/file' does not exist/],
    [train, ['--config', 'x.json', '--seed', '3'], /--config: the recorded run fixes every setting; drop --seed/],
    [train, ['--offline-steps', '10'], /--online-steps B is required/],
  ];
  for (const [main, argv, pattern] of cases) {
    const { code, err } = await run(main, argv);
    assert.equal(code, 2, `${argv.join(' ')}: exit ${code}, ${err}`);
    assert.match(err, pattern, argv.join(' '));
  }
});

test('train --resume: a missing checkpoint, or one written by a run of other settings, is refused before any work', async () => {
  await selectBackend('cpu', () => {});
  const dir = mkdtempSync(join(tmpdir(), 'qflow-resume-'));
  try {
    const flags = ['--task', 'cube-single-play-singletask-task1-v0', '--agent', 'bc', '--hidden', '8', '--offline-steps', '20',
      '--online-steps', '0', '--backend', 'cpu', '--out', join(dir, 'run')];
    const agent = createAgent('bc', makeAgentConfig('bc', { preset: 'cpu', overrides: { actorHiddenDims: [8] } }), 28, 5, 0);
    const path = join(dir, 'other.msgpack');
    saveCheckpoint(path, { agent: await agent.getState(), samplerRng: [1, 2, 3, 4], loop: { step: 10, elapsedSec: 1 }, config: { run: { seed: 9 } } });
    agent.dispose();
    const other = await run(train, [...flags, '--resume', path]);
    assert.equal(other.code, 2, other.err);
    assert.match(other.err, /--resume: '.*other\.msgpack' was written by a run with other settings/);
    const missing = await run(train, [...flags, '--resume', join(dir, 'none.msgpack')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--resume: checkpoint '.*none\.msgpack' does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
