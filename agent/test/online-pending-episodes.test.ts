// Pending episodes: transitions reach the buffer only when their episode is committed, in order and unchanged;
// a dropped episode leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingEpisodes } from '../src/online/pending-episodes.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';

test('commit appends the episode in order; drop discards it; other envs are untouched', () => {
  const p = new PendingEpisodes(2, 2, 1);
  const buffer = new TransitionDataset(2, 1, 100);
  for (let k = 0; k < 3; k++) {
    const obs = Float32Array.from([k, 10 + k, 100 + k, 110 + k]);
    const next = Float32Array.from([k + 1, 11 + k, 101 + k, 111 + k]);
    p.push(0, obs, Float32Array.from([0.1 * k, -0.1 * k]), k, 1, next);
    p.push(1, obs, Float32Array.from([0.1 * k, -0.1 * k]), -k, k === 2 ? 0 : 1, next);
  }
  assert.equal(p.drop(0), 3);
  assert.equal(p.length(0), 0);
  assert.equal(buffer.size, 0, 'nothing enters before a commit');
  assert.equal(p.commit(1, buffer), 3);
  assert.equal(buffer.size, 3);
  assert.deepEqual(Array.from(buffer.observations), [100, 110, 101, 111, 102, 112]);
  assert.deepEqual(Array.from(buffer.nextObservations), [101, 111, 102, 112, 103, 113]);
  assert.deepEqual(Array.from(buffer.actions), Array.from(Float32Array.from([-0, -0.1, -0.2])));
  assert.deepEqual(Array.from(buffer.rewards), [-0, -1, -2]);
  assert.deepEqual(Array.from(buffer.masks), [1, 1, 0]);
  assert.equal(p.commit(0, buffer), 0, 'the dropped episode is gone');
  assert.equal(buffer.size, 3);
});
