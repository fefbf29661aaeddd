// A study run's wall time is the sum of its attempts; an attempt killed together with its study (no end line, e.g.
// a session that ended) is closed by the next attempt with the time of the last file it wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTEMPTS_FILE, closeKilledAttempt } from '../src/study/study-run-process.js';
import { attemptsWallTime } from '../src/study/study-results.js';

test('a killed attempt counts up to its last write; finished attempts as recorded; a closed attempt is not closed twice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-attempts-'));
  try {
    const attempts = join(dir, ATTEMPTS_FILE);
    const t0 = Date.UTC(2026, 11, 1, 2, 0, 0);
    writeFileSync(attempts, [
      { startedAt: t0 - 1_000_000, resumedFromStep: null },
      { wallSec: 500, resumedFromStep: null, exit: 0 },
      { startedAt: t0, resumedFromStep: 2000 },
    ].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const metrics = join(dir, 'metrics.jsonl');
    writeFileSync(metrics, '{}\n');
    utimesSync(metrics, new Date(t0 + 1_234_000), new Date(t0 + 1_234_000));
    closeKilledAttempt(dir);
    const last = JSON.parse(readFileSync(attempts, 'utf8').trim().split('\n').pop()!);
    assert.deepEqual(last, { wallSec: 1234, resumedFromStep: 2000, exit: null, killed: true });
    assert.deepEqual(attemptsWallTime(dir, 0), { wallSec: 1734, attempts: 2 });
    closeKilledAttempt(dir);
    assert.equal(readFileSync(attempts, 'utf8').trim().split('\n').length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run folder without attempts (not started by a study) reports its own total as one attempt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-attempts-'));
  try {
    closeKilledAttempt(dir);
    assert.deepEqual(attemptsWallTime(dir, 42), { wallSec: 42, attempts: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
