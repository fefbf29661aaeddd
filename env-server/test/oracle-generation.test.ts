// Dataset generation (qflow datasets generate): OGBench's arrays, reproducible bytes whatever the worker count.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpz } from '@qflow/datasets';
import { generateDataset } from '../src/oracles/dataset-generation.js';
import { main } from '../src/cli/generate-command.js';

const dir = mkdtempSync(join(tmpdir(), 'qflow-generate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function generate(name: string, workers: number, seed: bigint, sub: string, task?: number) {
  return generateDataset({ name, episodes: 3, seed, workers, outDir: join(dir, sub), length: 30, task });
}

test('same name, size and seed give byte-identical files with 1 and 2 workers; another seed differs', { timeout: 60_000 }, async () => {
  const one = await generate('cube-single-play-v0', 1, 7n, 'w1');
  const two = await generate('cube-single-play-v0', 2, 7n, 'w2');
  const other = await generate('cube-single-play-v0', 2, 8n, 'w3');
  assert.ok(readFileSync(one.trainPath).equals(readFileSync(two.trainPath)));
  assert.ok(readFileSync(one.valPath).equals(readFileSync(two.valPath)));
  assert.ok(!readFileSync(one.trainPath).equals(readFileSync(other.trainPath)));
});

test('task-directed generation (--task) is byte-identical with 1 and 2 workers, differs from play data, and says so in its sidecar', { timeout: 60_000 }, async () => {
  const one = await generate('cube-single-play-v0', 1, 7n, 't1', 1);
  const two = await generate('cube-single-play-v0', 2, 7n, 't2', 1);
  const play = await generate('cube-single-play-v0', 2, 7n, 't3');
  assert.ok(readFileSync(one.trainPath).equals(readFileSync(two.trainPath)));
  assert.ok(readFileSync(one.valPath).equals(readFileSync(two.valPath)));
  assert.ok(!readFileSync(one.trainPath).equals(readFileSync(play.trainPath)));
  const sidecar = JSON.parse(readFileSync(`${one.trainPath}.json`, 'utf8')) as { generator: string; extra: Record<string, string> };
  assert.equal(sidecar.generator, 'play-oracle/1');
  assert.equal(sidecar.extra['task'], '1');
  assert.match(sidecar.extra['collection']!, /not an OGBench dataset/);
  const playSidecar = JSON.parse(readFileSync(`${play.trainPath}.json`, 'utf8')) as { extra: Record<string, string> };
  assert.equal(playSidecar.extra['task'], undefined);
});

test('files hold OGBench arrays: rows = episodes × length, terminals at episode ends, button_states for puzzle', { timeout: 60_000 }, async () => {
  const result = await generate('puzzle-3x3-noisy-v0', 2, 1n, 'puzzle');
  const train = await readNpz(result.trainPath);
  assert.deepEqual(train['observations']!.shape, [90, 55]);
  assert.equal(train['observations']!.dtype, 'float32');
  assert.deepEqual(train['actions']!.shape, [90, 5]);
  assert.deepEqual(train['qpos']!.shape, [90, 23]);
  assert.deepEqual(train['qvel']!.shape, [90, 23]);
  assert.deepEqual(train['button_states']!.shape, [90, 9]);
  assert.equal(train['button_states']!.dtype, 'int64');
  const terminals = Array.from(train['terminals']!.data as Uint8Array);
  assert.deepEqual(terminals.flatMap((v, i) => (v ? [i] : [])), [29, 59, 89]);
  // The observation's one-hot button states agree with button_states, row by row.
  const obs = train['observations']!.data as Float32Array, bits = train['button_states']!.data as BigInt64Array;
  for (let r = 0; r < 90; r += 7) {
    for (let k = 0; k < 9; k++) assert.equal(obs[55 * r + 19 + 4 * k + 1], Number(bits[9 * r + k]));
  }
  const actions = train['actions']!.data as Float32Array;
  assert.ok(actions.every((a) => a >= -1 && a <= 1));
  const val = await readNpz(result.valPath);
  assert.deepEqual(val['observations']!.shape, [30, 55]);
});

test('the CLI rejects unknown names and bad numbers, naming the valid choices', async () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (message: string) => { errors.push(message); };
  try {
    assert.equal(await main(['cube-octuple-play-v0']), 2);
    assert.match(errors.pop()!, /cannot generate dataset 'cube-octuple-play-v0'; valid names: cube-single-play-v0/);
    assert.equal(await main(['cube-single-play-v0', '--episodes', '0']), 2);
    assert.match(errors.pop()!, /--episodes must be an integer ≥ 1, got '0'/);
    assert.equal(await main(['cube-single-play-v0', '--seed', '-3']), 2);
    assert.match(errors.pop()!, /--seed/);
    assert.equal(await main(['cube-single-play-v0', '--bogus']), 2);
    assert.equal(await main(['cube-single-play-v0', '--task', '6']), 2);
    assert.match(errors.pop()!, /--task must be one of 1, 2, 3, 4, 5, got '6'/);
    assert.equal(await main(['puzzle-3x3-play-v0', '--task', '1']), 2);
    assert.match(errors.pop()!, /--task is supported for cube datasets only/);
  } finally {
    console.error = original;
  }
});
