// Antsoccer over gRPC: an alias resolves, and a 2-env session gives exactly the observations and rewards of the
// same envs stepped in process (same seeds, same actions).
import { test } from 'node:test';
import { assertServedMatchesInProcess } from './served-env-parity.js';

test('antsoccer served over gRPC matches the in-process env exactly', { timeout: 60_000 }, () =>
  assertServedMatchesInProcess({
    envId: 'antsoccer-arena-singletask-task4-v0',
    alias: 'antsoccer-arena-navigate-singletask-v0',
    maxEpisodeSteps: 1000,
    actionSize: 8,
    observationSize: 42,
  }));
