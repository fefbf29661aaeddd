// Auto-reset over the server (fake envs): when an episode ends, the response carries the last observation
// of the finished episode in final_observations and the first of the next one in observations, and the
// next episode's seed comes from the env's deterministic sequence.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFloat64 } from '@qflow/proto';
import type { RunningServer } from '../src/index.js';
import { sequenceSeed } from '../src/workers/seed-sequence.js';
import { FAKE_ENV_ID, FAKE_MAX_STEPS, FakePointEnv } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

let server: RunningServer;
let client: Client;

before(async () => {
  server = await startFakeServer();
  client = new Client(server.address);
});

after(async () => {
  client.dispose();
  await server.close();
});

test('truncation auto-resets with the sequence seed and keeps the final observation', async () => {
  const root = 77n;
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 3, root);
  await client.reset(sessionId, [1n, 2n, 3n]);
  const reference = [1n, 2n, 3n].map((seed) => {
    const env = new FakePointEnv();
    env.reset(seed, 1);
    return env;
  });
  // Envs 0 and 2 step every time, env 1 every other time, so their episodes end at different requests.
  const stepsTaken = [0, 0, 0];
  for (let t = 0; t < 2 * FAKE_MAX_STEPS + 2; t++) {
    const envIds = t % 2 ? [0, 2] : [2, 1, 0];
    const actions = envIds.map((i) => testAction(5, i, stepsTaken[i]!, 2));
    const response = await client.step(sessionId, actionTensor(actions), envIds);
    const observations = decodeFloat64(response.observations!);
    const finals = decodeFloat64(response.finalObservations!);
    let finalRow = 0;
    envIds.forEach((i, row) => {
      const expected = reference[i]!.step(actions[row]!);
      stepsTaken[i]!++;
      assert.equal(response.truncated[row], expected.truncated, `env ${i} truncated at request ${t}`);
      assert.equal(response.rewards[row], expected.reward);
      let next = expected.observation;
      if (expected.truncated) {
        assert.deepEqual(Array.from(finals.subarray(4 * finalRow, 4 * finalRow + 4)), Array.from(expected.observation), 'final observation');
        const episode = Math.round(stepsTaken[i]! / FAKE_MAX_STEPS) - 1;
        const seed = sequenceSeed(root, i, episode);
        assert.equal(response.resetSeeds[finalRow], seed);
        next = reference[i]!.reset(seed, 1);
        finalRow++;
      }
      assert.deepEqual(Array.from(observations.subarray(4 * row, 4 * row + 4)), Array.from(next), `env ${i} at request ${t}`);
    });
    assert.equal(response.finalObservations!.shape[0], finalRow);
    assert.equal(response.resetSeeds.length, finalRow);
  }
  assert.ok(stepsTaken[0]! > 2 * FAKE_MAX_STEPS && stepsTaken[1]! > FAKE_MAX_STEPS, 'both kinds of env saw an auto-reset');
  await client.close(sessionId);
});

test('termination on success auto-resets on the same task; sequence resets draw the same seeds', async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 2, 5n, { taskId: 3 });
  const sequenced = await client.unary<{ seeds: bigint[]; taskIds: number[] }>('reset', {
    sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true,
  });
  assert.deepEqual(sequenced.seeds, [sequenceSeed(5n, 0, 0), sequenceSeed(5n, 1, 0)]);
  assert.deepEqual(sequenced.taskIds, [3, 3]);
  const response = await client.step(sessionId, actionTensor([testAction(0, 0, 0, 2), testAction(0, 1, 0, 2)]));
  assert.deepEqual(response.terminated, [true, true]);
  assert.deepEqual(response.success, [true, true]);
  assert.deepEqual(response.truncated, [false, false]);
  assert.deepEqual(response.resetSeeds, [sequenceSeed(5n, 0, 1), sequenceSeed(5n, 1, 1)]);
  // The new episodes play task 3 again (goal at the origin).
  assert.deepEqual(Array.from(decodeFloat64(response.observations!)), [0, 0, 0, 0, 0, 0, 0, 0]);
  const attached = await client.attach(sessionId);
  assert.deepEqual(attached.episodeSteps, [0, 0]);
  await client.close(sessionId);
});
