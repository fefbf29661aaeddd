import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentRng } from '../src/random/agent-rng.js';
import { BatchSampler } from '../src/training/batch-sampler.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import { clipDatasetActions, DATASET_ACTION_LIMIT } from '../src/training/action-clipping.js';

/** A dataset whose row i holds the value i in every column (so a batch reveals which rows it drew). */
function indexedDataset(n: number, obsDim = 2, actDim = 1): TransitionDataset {
  const ds = new TransitionDataset(obsDim, actDim, n);
  for (let i = 0; i < n; i++) {
    ds.add({ observation: new Array(obsDim).fill(i), action: new Array(actDim).fill(i), reward: i, mask: i,
      nextObservation: new Array(obsDim).fill(i + 0.5) });
  }
  return ds;
}

test('rng: same seed gives the same stream; restored state continues it exactly', () => {
  const a = new AgentRng(7);
  const b = new AgentRng(7);
  const xs = Array.from({ length: 20 }, () => a.nextUint32());
  assert.deepEqual(Array.from({ length: 20 }, () => b.nextUint32()), xs);
  assert.notDeepEqual(Array.from({ length: 20 }, () => new AgentRng(8).nextUint32()), xs);
  const state = a.getState();
  const next = Array.from({ length: 10 }, () => a.uniform());
  const c = AgentRng.fromState(state);
  assert.deepEqual(Array.from({ length: 10 }, () => c.uniform()), next);
  assert.throws(() => AgentRng.fromState([0, 0, 0, 0]), /all zeros/);
  assert.throws(() => AgentRng.fromState([1, 2, 3]), /four uint32/);
});

test('rng: uniform, int and normal have the right moments', () => {
  const rng = new AgentRng(1);
  const n = 50_000;
  let sum = 0, sumSq = 0, nsum = 0, nsq = 0;
  const counts = new Array(7).fill(0);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u; sumSq += u * u;
    counts[rng.int(7)]++;
    const z = rng.normal();
    nsum += z; nsq += z * z;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.01);
  assert.ok(Math.abs(sumSq / n - 1 / 3) < 0.01);
  for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 0.01, `int(7) bucket ${c}`);
  assert.ok(Math.abs(nsum / n) < 0.02);
  assert.ok(Math.abs(nsq / n - 1) < 0.03);
});

test('sampler: the same seed draws the same batches; rows are copied consistently across columns', () => {
  const ds = indexedDataset(100);
  const s1 = new BatchSampler(32, 2, 1, 123);
  const s2 = new BatchSampler(32, 2, 1, 123);
  for (let k = 0; k < 5; k++) {
    const b1 = s1.sample(ds);
    const rows = Array.from(b1.rewards);
    assert.deepEqual(Array.from(s2.sample(ds).rewards), rows);
    for (let i = 0; i < 32; i++) {
      const r = rows[i]!;
      assert.equal(b1.observations[2 * i], r);
      assert.equal(b1.observations[2 * i + 1], r);
      assert.equal(b1.actions[i], r);
      assert.equal(b1.masks[i], r);
      assert.equal(b1.nextObservations[2 * i], r + 0.5);
    }
  }
  const other = new BatchSampler(32, 2, 1, 124).sample(ds);
  assert.notDeepEqual(Array.from(other.rewards), Array.from(new BatchSampler(32, 2, 1, 123).sample(ds).rewards));
});

test('sampler: restoring the RNG state resumes the exact batch sequence, and the batch object is reused', () => {
  const ds = indexedDataset(50);
  const s = new BatchSampler(8, 2, 1, 5);
  const first = s.sample(ds);
  const state = s.getRngState();
  const expected = Array.from(s.sample(ds).rewards);
  assert.equal(s.sample(ds), first, 'the same Batch object is returned every time');
  const resumed = new BatchSampler(8, 2, 1, state);
  assert.deepEqual(Array.from(resumed.sample(ds).rewards), expected);
});

test('sampler: uniform WITH replacement (duplicates within a batch, flat counts)', () => {
  const n = 10;
  const ds = indexedDataset(n);
  const s = new BatchSampler(n, 2, 1, 99);
  const counts = new Array(n).fill(0);
  let batchesWithDuplicates = 0;
  const draws = 2000;
  for (let k = 0; k < draws; k++) {
    const rows = Array.from(s.sample(ds).rewards);
    if (new Set(rows).size < n) batchesWithDuplicates++;
    for (const r of rows) counts[r]++;
  }
  // Without replacement a batch of n from n rows never repeats a row; with replacement almost always does.
  assert.ok(batchesWithDuplicates > draws * 0.99, `${batchesWithDuplicates} of ${draws} batches had duplicates`);
  const expected = (draws * n) / n;
  const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 27.9, `chi-square ${chi2.toFixed(1)} over 9 dof (p=0.001 cut-off 27.9); counts ${counts}`);
  // A batch larger than the dataset is fine with replacement.
  assert.equal(new BatchSampler(64, 2, 1, 1).sample(indexedDataset(3)).rewards.length, 64);
});

test('sampler: clear errors for an empty dataset or mismatched dims', () => {
  assert.throws(() => new BatchSampler(4, 2, 1, 0).sample(new TransitionDataset(2, 1, 10)), /empty dataset/);
  assert.throws(() => new BatchSampler(4, 3, 1, 0).sample(indexedDataset(5)), /dims/);
  assert.throws(() => new BatchSampler(0, 2, 1, 0), /batch size/);
});

test('dataset: grows past its initial allocation and then overwrites the oldest rows at capacity', () => {
  const ds = new TransitionDataset(1, 1, 5, 2);
  for (let i = 0; i < 7; i++) ds.add({ observation: [i], action: [i], reward: i, mask: 1, nextObservation: [i] });
  assert.equal(ds.size, 5);
  assert.deepEqual(Array.from(ds.rewards), [5, 6, 2, 3, 4]);
  assert.throws(() => ds.add({ observation: [1, 2], action: [0], reward: 0, mask: 1, nextObservation: [0] }), /length 1/);
  const cols = indexedDataset(4).columns;
  const wrapped = TransitionDataset.fromColumns(cols, 2, 1);
  assert.equal(wrapped.size, 4);
  assert.deepEqual(Array.from(wrapped.nextObservations), Array.from(cols.nextObservations));
  assert.throws(() => TransitionDataset.fromColumns({ ...cols, masks: new Float32Array(3) }, 2, 1), /'masks' has length 3/);
});

test('action clipping: values beyond ±(1−1e−5) are clipped, the rest untouched', () => {
  const limit = Math.fround(DATASET_ACTION_LIMIT);
  const a = new Float32Array([1, -1, 0.5, -0.999, 2, -3, 0.99999, limit]);
  const changed = clipDatasetActions(a);
  assert.equal(changed, 4);
  assert.deepEqual(Array.from(a), [limit, -limit, 0.5, Math.fround(-0.999), limit, -limit, Math.fround(0.99999), limit]);
  assert.ok(limit < 1 && limit > 0.99998);
  assert.throws(() => clipDatasetActions(new Float32Array([0, NaN])), /NaN action at flat index 1/);
});
