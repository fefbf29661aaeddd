// Humanoidmaze over gRPC: an alias resolves, and a 2-env session gives exactly the observations and rewards of
// the same envs stepped in process (same seeds, same actions).
import { test } from 'node:test';
import { assertServedMatchesInProcess } from './served-env-parity.js';

test('humanoidmaze served over gRPC matches the in-process env exactly', { timeout: 60_000 }, () =>
  assertServedMatchesInProcess({
    envId: 'humanoidmaze-medium-singletask-task2-v0',
    alias: 'humanoidmaze-medium-navigate-singletask-task2-v0',
    maxEpisodeSteps: 2000,
    actionSize: 21,
    observationSize: 69,
  }));
