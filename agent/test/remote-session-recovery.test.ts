// The remote vector env's one recovery policy, on fake servers: what happens to a session whose step or reset
// failed, by the failure's gRPC status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { LinkError, type ServerLink } from '../src/remote/server-link.js';
import { SessionRecovery, type RecoveryCounters } from '../src/remote/session-recovery.js';
import { SlotPlacement, type Session } from '../src/remote/slot-placement.js';

/** A server whose AttachSession answers with `attach` (a step count per env, or an error code). */
function fakeLink(address: string, attach: number[] | number): ServerLink {
  return {
    address,
    dropStream() {},
    close() {},
    async attachSession() {
      if (typeof attach === 'number') throw new LinkError(`attach refused by ${address}`, attach);
      return { episodeSteps: attach };
    },
  } as unknown as ServerLink;
}

/** Four slots on two servers (slots 0, 2 on `a`; 1, 3 on `b`), and a recovery that records what it did. */
function setup(attachOnA: number[] | number) {
  const a = fakeLink('a:1', attachOnA);
  const b = fakeLink('b:1', [0, 0]);
  const placement = new SlotPlacement([a, b], 4);
  let made = 0;
  const opened: { address: string; slots: number[] }[] = [];
  const openSession = async (link: ServerLink, slots: number[]): Promise<Session> => {
    const session = { link, id: `s${made++}`, slots };
    placement.add(session);
    opened.push({ address: link.address, slots });
    return session;
  };
  const counters: RecoveryCounters = { reattaches: 0, sessionsRecreated: 0, serversLost: 0 };
  const recovery = new SessionRecovery(placement, { openSession, counters, log: () => {}, reattachAttempts: 2, retryDelayMs: 1 });
  return { a, placement, opened, counters, recovery, start: async () => [await openSession(a, [0, 2]), await openSession(b, [1, 3])] };
}

test('a forgotten session (NOT_FOUND) is re-created on the same server and its episodes dropped', async () => {
  const { placement, opened, counters, recovery, start } = setup([0, 0]);
  const [onA] = await start();
  const dropped: number[] = [];
  const outcome = await recovery.recover(onA!, new LinkError('no such session', status.NOT_FOUND), (slots) => dropped.push(...slots));
  assert.deepEqual(outcome, { kind: 'replaced' });
  assert.deepEqual(dropped, [0, 2]);
  assert.deepEqual(opened.at(-1), { address: 'a:1', slots: [0, 2] });
  assert.equal(placement.holds(onA!), false);
  assert.deepEqual(placement.addresses, ['a:1', 'b:1', 'a:1', 'b:1']);
  assert.deepEqual(counters, { reattaches: 0, sessionsRecreated: 1, serversLost: 0 });
});

test('a dropped stream re-attaches and reports the server\'s episode step counts', async () => {
  const { counters, recovery, start, opened } = setup([7, 9]);
  const [onA] = await start();
  const outcome = await recovery.recover(onA!, new LinkError('stream reset', status.UNAVAILABLE), () => assert.fail('nothing is dropped'));
  assert.deepEqual(outcome, { kind: 'reattached', episodeSteps: [7, 9] });
  assert.equal(opened.length, 2, 'no session was created');
  assert.deepEqual(counters, { reattaches: 1, sessionsRecreated: 0, serversLost: 0 });
});

test('a server that cannot be re-attached is dropped and its slots move to the survivors', async () => {
  const { placement, counters, recovery, start } = setup(status.UNAVAILABLE);
  const [onA] = await start();
  const dropped: number[] = [];
  const outcome = await recovery.recover(onA!, new LinkError('stream reset', status.UNAVAILABLE), (slots) => dropped.push(...slots));
  assert.deepEqual(outcome, { kind: 'replaced' });
  assert.deepEqual(dropped, [0, 2]);
  assert.deepEqual(placement.links.map((l) => l.address), ['b:1']);
  assert.deepEqual(placement.addresses, ['b:1', 'b:1', 'b:1', 'b:1']);
  assert.deepEqual(counters, { reattaches: 0, sessionsRecreated: 0, serversLost: 1 });
});

test('a request the server refused as invalid is thrown, on steps as on resets, and nothing moves', async () => {
  for (const code of [status.INVALID_ARGUMENT, status.FAILED_PRECONDITION]) {
    const { placement, counters, recovery, start, opened } = setup([0, 0]);
    const [onA] = await start();
    await assert.rejects(recovery.recover(onA!, new LinkError('env 0 cannot step', code), () => assert.fail('nothing is dropped')), /cannot step/);
    assert.equal(placement.holds(onA!), true);
    assert.equal(opened.length, 2);
    assert.deepEqual(counters, { reattaches: 0, sessionsRecreated: 0, serversLost: 0 });
  }
});
