// Locomotion dataset generation (qflow datasets generate antmaze-/humanoidmaze-/antsoccer-…) with random-weights
// experts: reproducible bytes whatever the worker count, OGBench's arrays, the existing loader, the provenance
// sidecar, and a clear error when the expert file is missing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, readNpz, sha256File } from '@qflow/datasets';
import { generateDataset } from '../src/oracles/dataset-generation.js';
import { main } from '../src/cli/generate-command.js';
import { writeRandomExpert } from './support/random-expert.js';
import { defaultExpertPath } from '../src/experts/expert-files.js';

const dir = mkdtempSync(join(tmpdir(), 'qflow-locogen-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const antExpert = writeRandomExpert(join(dir, 'ant-xy.json'), 'online-ant-xy-v0', 29, 8);
const ballExpert = writeRandomExpert(join(dir, 'ant-ball.json'), 'online-antball-v0', 42, 8);
const humanoidExpert = writeRandomExpert(join(dir, 'humanoid-xy.json'), 'online-humanoid-xy-v0', 69, 21);

interface Run { name: string; workers?: number; seed?: bigint; sub: string; episodes?: number; length?: number; expert?: string; ballExpert?: string }

function generate({ name, workers = 1, seed = 1n, sub, episodes = 3, length = 40, expert = antExpert, ballExpert }: Run) {
  return generateDataset({ name, episodes, seed, workers, outDir: join(dir, sub), length, expert, ballExpert });
}

const sidecar = (path: string) => JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { generator: string; extra: Record<string, string> };

test('antmaze and antsoccer: byte-identical files with 1 and 2 workers for one seed, different for another', { timeout: 180_000 }, async () => {
  for (const name of ['antmaze-medium-navigate-v0', 'antsoccer-medium-navigate-v0']) {
    const one = await generate({ name, workers: 1, sub: `${name}-w1` });
    const two = await generate({ name, workers: 2, sub: `${name}-w2` });
    const other = await generate({ name, workers: 2, seed: 2n, sub: `${name}-w3` });
    assert.ok(readFileSync(one.trainPath).equals(readFileSync(two.trainPath)), name);
    assert.ok(readFileSync(one.valPath).equals(readFileSync(two.valPath)), name);
    assert.ok(!readFileSync(one.trainPath).equals(readFileSync(other.trainPath)), name);
  }
});

test('antmaze files hold OGBench locomotion arrays, rows are the state before the action, and the loader reads them', { timeout: 120_000 }, async () => {
  const result = await generate({ name: 'antmaze-large-stitch-v0', sub: 'stitch', workers: 2 });
  const train = await readNpz(result.trainPath);
  assert.deepEqual(Object.keys(train).sort(), ['actions', 'observations', 'qpos', 'qvel', 'terminals']);
  assert.deepEqual([train['observations']!.dtype, train['observations']!.shape], ['float32', [120, 29]]);
  assert.deepEqual([train['actions']!.dtype, train['actions']!.shape], ['float32', [120, 8]]);
  assert.deepEqual([train['terminals']!.dtype, train['terminals']!.shape], ['bool', [120]]);
  assert.deepEqual([train['qpos']!.dtype, train['qpos']!.shape], ['float32', [120, 15]]);
  assert.deepEqual([train['qvel']!.dtype, train['qvel']!.shape], ['float32', [120, 14]]);
  const terminals = Array.from(train['terminals']!.data as Uint8Array);
  assert.deepEqual(terminals.flatMap((v, i) => (v ? [i] : [])), [39, 79, 119]);
  const obs = train['observations']!.data as Float32Array, qpos = train['qpos']!.data as Float32Array, qvel = train['qvel']!.data as Float32Array;
  for (let r = 0; r < 120; r += 13) {
    assert.deepEqual(Array.from(obs.subarray(29 * r, 29 * r + 15)), Array.from(qpos.subarray(15 * r, 15 * r + 15)), `row ${r}: obs = qpos ‖ qvel`);
    assert.deepEqual(Array.from(obs.subarray(29 * r + 15, 29 * r + 29)), Array.from(qvel.subarray(14 * r, 14 * r + 14)));
  }
  assert.ok((train['actions']!.data as Float32Array).every((a) => a >= -1 && a <= 1));
  const loaded = await loadDataset(result.trainPath, { singleTask: { env: 'antmaze-large', taskId: 2 } });
  assert.equal(loaded.size, 3 * 39);
  assert.deepEqual(loaded.observations.shape, [117, 29]);
  assert.equal(loaded.rewards!.shape[0], 117);
  const side = sidecar(result.trainPath);
  assert.equal(side.generator, 'antmaze-stitch-expert/1');
  assert.equal(side.extra['expert'], antExpert);
  assert.match(side.extra['expertSha256']!, /^[0-9a-f]{64}$/);
  assert.equal(side.extra['actionNoise'], '0.2');
});

test('antsoccer: 42-D observations, qpos 22 / qvel 20; the sidecar says which dribbler ran', { timeout: 120_000 }, async () => {
  const scripted = await generate({ name: 'antsoccer-arena-navigate-v0', sub: 'soccer1', episodes: 1, length: 30 });
  const train = await readNpz(scripted.trainPath);
  assert.deepEqual(train['observations']!.shape, [30, 42]);
  assert.deepEqual(train['qpos']!.shape, [30, 22]);
  assert.deepEqual(train['qvel']!.shape, [30, 20]);
  assert.match(sidecar(scripted.trainPath).extra['dribbler']!, /^scripted dribbler/);
  const expert = await generate({ name: 'antsoccer-medium-stitch-v0', sub: 'soccer2', episodes: 1, length: 30, ballExpert });
  const side = sidecar(expert.trainPath);
  assert.equal(side.extra['dribbler'], `ant-ball expert ${ballExpert}`);
  assert.equal(side.extra['ballExpert'], ballExpert);
  assert.match(side.extra['ballExpertSha256']!, /^[0-9a-f]{64}$/);
});

test('humanoidmaze with a humanoid expert file: 69-D observations, 21-D actions, qpos 28 / qvel 27', { timeout: 120_000 }, async () => {
  const result = await generate({ name: 'humanoidmaze-medium-navigate-v0', sub: 'humanoid', episodes: 1, length: 12, expert: humanoidExpert });
  const train = await readNpz(result.trainPath);
  assert.deepEqual(train['observations']!.shape, [12, 69]);
  assert.deepEqual(train['actions']!.shape, [12, 21]);
  assert.deepEqual(train['qpos']!.shape, [12, 28]);
  assert.deepEqual(train['qvel']!.shape, [12, 27]);
});

test('a missing or mismatched expert file is refused with a message saying how to make one; nothing is written', { timeout: 60_000 }, async () => {
  const missing = join(dir, 'nope', 'ant-xy.json');
  await assert.rejects(generate({ name: 'antmaze-medium-explore-v0', sub: 'missing', expert: missing }),
    /expert file .*nope\/ant-xy.json not found: train one with 'qflow experts train ant-xy/);
  await assert.rejects(generate({ name: 'antmaze-medium-explore-v0', sub: 'missing', expert: ballExpert }),
    /is an expert for online-antball-v0, expected one for online-ant-xy-v0/);
  await assert.rejects(generate({ name: 'humanoidmaze-large-stitch-v0', sub: 'missing', expert: antExpert }), /expected one for online-humanoid-xy-v0/);
  await assert.rejects(generate({ name: 'antmaze-medium-explore-v0', sub: 'missing', expert: dir }), /expert file .*: EISDIR/);
  const notJson = join(dir, 'not-json.json');
  writeFileSync(notJson, '{"format": "qflow-expert",');
  await assert.rejects(generate({ name: 'antmaze-medium-explore-v0', sub: 'missing', expert: notJson }), /expert file .*not-json.json: .*JSON/);
  assert.throws(() => readFileSync(join(dir, 'missing', 'antmaze-medium-explore-v0.npz')), /ENOENT/);
  const errors: string[] = [];
  const original = console.error;
  console.error = (message: string) => { errors.push(message); };
  try {
    assert.equal(await main(['antmaze-large-navigate-v0', '--expert', missing, '--out', join(dir, 'cli')]), 2);
    assert.match(errors.pop()!, /not found: train one with 'qflow experts train ant-xy/);
    assert.equal(await main(['cube-single-play-v0', '--expert', antExpert]), 2);
    assert.match(errors.pop()!, /--expert and --ball-expert are for antmaze, humanoidmaze and antsoccer datasets/);
    assert.equal(await main(['antmaze-large-navigate-v0', '--ball-expert', ballExpert]), 2);
    assert.match(errors.pop()!, /--ball-expert is for antsoccer datasets only/);
    assert.equal(await main(['antmaze-giant-explore-v0']), 2);
    assert.match(errors.pop()!, /cannot generate dataset 'antmaze-giant-explore-v0'; valid names: .*antmaze-medium-explore-v0/);
  } finally {
    console.error = original;
  }
});

test('the committed ant-xy expert is the default: the sidecar names it with its sha256, and the ant walks with it', { timeout: 120_000 }, async () => {
  const result = await generateDataset({ name: 'antmaze-medium-navigate-v0', episodes: 1, seed: 3n, workers: 1, outDir: join(dir, 'committed'), length: 200 });
  const side = sidecar(result.trainPath);
  assert.equal(side.extra['expert'], defaultExpertPath('ant-xy'));
  assert.equal(side.extra['expertSha256'], await sha256File(defaultExpertPath('ant-xy')));
  const qpos = (await readNpz(result.trainPath))['qpos']!.data as Float32Array;
  const last = 15 * 199;
  const travelled = Math.hypot(qpos[last]! - qpos[0]!, qpos[last + 1]! - qpos[1]!);
  assert.ok(travelled > 3, `the ant moved ${travelled.toFixed(2)} m in 200 steps toward its subgoals (an untrained policy stays within ~1 m)`);
});
