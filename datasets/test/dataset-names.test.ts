// Dataset names come from clients (CLI arguments, gRPC requests): they must never reach a path outside the store,
// and any length of input must be refused or answered at bounded cost, quoting only a short prefix of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndarray } from '../src/npy/ndarray.js';
import { writeNpz } from '../src/npz/npz-writer.js';
import { loadNamedDataset } from '../src/loader/load-named-dataset.js';
import { DatasetNameError, parseDatasetName } from '../src/registry/dataset-name.js';
import { DATASETS, findDataset, getDataset } from '../src/registry/dataset-registry.js';
import { closestNames, editDistance } from '../src/registry/closest-names.js';
import { datasetFile } from '../src/store/data-dir.js';
import { DatasetStore, StoreError } from '../src/serving/dataset-store.js';

const HUGE = 'antmaze-large-navigate-v0' + 'x'.repeat(100_000);

test('a name with path syntax never loads a file outside the store', async () => {
  const root = await mkdtemp(join(tmpdir(), 'qflow-names-'));
  try {
    const store = join(root, 'a', 'b');
    await mkdir(join(root, 'outside'), { recursive: true });
    await mkdir(store, { recursive: true });
    // The file the hostile name resolves to, if it were joined to the store path.
    await writeNpz(join(root, 'outside', 'x-navigate-v0.npz'), {
      observations: ndarray('float32', [2, 1], Float32Array.from([0, 1])),
      actions: ndarray('float32', [2, 1], Float32Array.from([0, 1])),
      terminals: ndarray('bool', [2], Uint8Array.from([0, 1])),
    });
    const name = 'antmaze-../../../outside/x-navigate-v0';
    await assert.rejects(loadNamedDataset(name, { dir: store }), (err: Error) => {
      assert.ok(err instanceof DatasetNameError, String(err));
      assert.match(err.message, /dataset name 'antmaze-\.\.\/\.\.\/\.\.\/outside\/x-navigate-v0' may contain only lowercase letters, digits/);
      return true;
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('names outside the registry grammar are refused before a path is built', () => {
  for (const bad of ['antmaze-large-navigate-v0/..', 'antmaze-..-navigate-v0', 'antmaze-large\\x-navigate-v0',
    'antmaze-large--navigate-v0', 'Antmaze-large-navigate-v0', 'antmaze-large-navigate-v0\0', '']) {
    assert.throws(() => parseDatasetName(bad), DatasetNameError, JSON.stringify(bad));
    assert.throws(() => datasetFile(bad, 'train', '/store'), DatasetNameError, JSON.stringify(bad));
  }
  assert.equal(datasetFile('antmaze-large-navigate-v0', 'val', '/store'), join('/store', 'antmaze-large-navigate-v0-val.npz'));
});

test('every registered name fits the grammar and the length bound', () => {
  for (const d of DATASETS) assert.equal(parseDatasetName(d.name).dataset, d.name);
  assert.equal(parseDatasetName('cube-double-play-singletask-task2-v0').dataset, 'cube-double-play-v0');
});

/** The message quotes at most the first 64 characters of the input. */
function assertShortQuote(message: string): void {
  assert.ok(message.length < 400, `message of ${message.length} characters`);
  assert.ok(message.includes(HUGE.slice(0, 64)), message);
  assert.ok(!message.includes(HUGE.slice(0, 65)), message);
}

test('a 100 kB name is refused with a short message by every name-taking function', async () => {
  for (const call of [() => parseDatasetName(HUGE), () => getDataset(HUGE), () => datasetFile(HUGE, 'train', '/store')]) {
    assert.throws(call, (err: Error) => {
      assert.match(err.message, /is longer than 256 bytes/);
      assertShortQuote(err.message);
      return true;
    });
  }
  assert.equal(findDataset(HUGE), undefined);
  const store = new DatasetStore(await mkdtemp(join(tmpdir(), 'qflow-names-store-')));
  try {
    await assert.rejects(store.open(HUGE), (err: Error) => {
      assert.ok(err instanceof StoreError && err.kind === 'invalid-argument', String(err));
      assertShortQuote(err.message);
      return true;
    });
  } finally {
    await rm(store.dir, { recursive: true, force: true });
  }
});

test('a name of 257 bytes is refused (bound in UTF-8 bytes, not characters)', () => {
  const name = `${'é'.repeat(126)}ab-v0`; // 131 characters, 257 bytes
  assert.equal(Buffer.byteLength(name), 257);
  assert.throws(() => parseDatasetName(name), /is longer than 256 bytes/);
});

test('suggestions: typos get their nearest names; over-long names and names far from any get none', () => {
  const valid = DATASETS.map((d) => d.name);
  assert.deepEqual(closestNames('antmaze-larg-navigate-v0', valid, 2), ['antmaze-large-navigate-v0', 'antmaze-giant-navigate-v0']);
  assert.deepEqual(closestNames('puzle-4x4-play-v0', valid), ['puzzle-4x4-play-v0', 'puzzle-4x5-play-v0', 'puzzle-4x6-play-v0']);
  assert.deepEqual(closestNames('antmaze-large-navigate-v0' + 'x'.repeat(1000), valid), []);
  assert.deepEqual(closestNames('q'.repeat(64), valid), []);
  assert.throws(() => getDataset('q'.repeat(64)), /unknown dataset 'q{64}'; no registered name is close \('qflow datasets list' shows all \d+\)/);
});

test('the banded edit distance equals the full one within its limit', () => {
  const full = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      previous = current;
    }
    return previous[b.length]!;
  };
  let seed = 7;
  const random = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const word = (): string => Array.from({ length: Math.floor(random() * 40) }, () => 'ab-1'[Math.floor(random() * 4)]).join('');
  for (let t = 0; t < 2000; t++) {
    const [a, b, limit] = [word(), word(), Math.floor(random() * 12)];
    const d = full(a, b);
    assert.equal(editDistance(a, b), d, `${a} ${b}`);
    assert.equal(editDistance(a, b, limit), Math.min(d, limit + 1), `${a} ${b} within ${limit}`);
  }
});

test('unknown names of valid length still get suggestions, quoted in full', async () => {
  assert.throws(() => getDataset('antmaze-larg-navigate-v0'), /unknown dataset 'antmaze-larg-navigate-v0'; closest valid names: antmaze-large-navigate-v0/);
  const store = new DatasetStore(await mkdtemp(join(tmpdir(), 'qflow-names-store-')));
  try {
    await assert.rejects(store.open('antmaze-medum-navigate-v0'), (err: Error) => {
      assert.ok(err instanceof StoreError && err.kind === 'not-found');
      assert.match(err.message, /unknown dataset 'antmaze-medum-navigate-v0'; closest: antmaze-medium-navigate-v0/);
      return true;
    });
  } finally {
    await rm(store.dir, { recursive: true, force: true });
  }
});
