// The study scheduler with a fake runner: never more than P runs at once, finished cells are not run again, and
// a failed run is reported while the others still run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScheduled, type CellOutcome } from '../src/study/study-scheduler.js';

const tick = () => new Promise((r) => setImmediate(r));

test('at most P runs at once; finished cells skipped; a failure is reported and the other runs go on', async () => {
  const cells = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const finished = new Set(['b', 'e']);
  let running = 0;
  let maxRunning = 0;
  const started: string[] = [];
  const ended: CellOutcome<string>[] = [];
  const outcomes = await runScheduled(cells, {
    parallel: 2,
    isFinished: (c) => finished.has(c),
    run: async (c) => {
      started.push(c);
      maxRunning = Math.max(maxRunning, ++running);
      for (let i = 0; i < 3 + (c.charCodeAt(0) % 3); i++) await tick();
      running--;
      if (c === 'c') throw new Error('the env server went away');
    },
    onOutcome: (o) => ended.push(o),
  });
  assert.equal(maxRunning, 2);
  assert.deepEqual(started.sort(), ['a', 'c', 'd', 'f', 'g']);
  assert.deepEqual(outcomes.map((o) => [o.cell, o.status]),
    [['a', 'done'], ['b', 'skipped'], ['c', 'failed'], ['d', 'done'], ['e', 'skipped'], ['f', 'done'], ['g', 'done']]);
  const failed = outcomes[2]!;
  assert.ok(failed.status === 'failed' && failed.error === 'the env server went away');
  assert.equal(ended.length, cells.length);
});

test('a study whose cells are all finished runs nothing; parallel must be >= 1', async () => {
  let runs = 0;
  const outcomes = await runScheduled([1, 2, 3], { parallel: 4, isFinished: () => true, run: async () => { runs++; } });
  assert.equal(runs, 0);
  assert.ok(outcomes.every((o) => o.status === 'skipped'));
  await assert.rejects(runScheduled([1], { parallel: 0, isFinished: () => false, run: async () => {} }), /parallel/);
});

test('once the signal is aborted no further cell starts; those not started end as cancelled', async () => {
  const stop = new AbortController();
  const started: number[] = [];
  const outcomes = await runScheduled([0, 1, 2, 3, 4], {
    parallel: 2, isFinished: () => false, signal: stop.signal,
    run: async (c) => {
      started.push(c);
      if (c === 1) stop.abort();
      await tick();
    },
  });
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(outcomes.map((o) => o.status), ['done', 'done', 'cancelled', 'cancelled', 'cancelled']);
});
