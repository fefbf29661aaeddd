// Leases: an idle session is freed after its lease (then NOT_FOUND), a call renews it, and a lease beyond the
// server's maximum, negative or non-finite is refused.
import { status } from '@grpc/grpc-js';
import type { CreateSessionResponse } from '../gen/qflow/v1/environment.js';
import { Broken, expectStatus } from './check-context.js';
import { SkipCheck, type ConformanceCheck } from './conformance-check.js';

/** Short, but long enough that a loaded machine delays no renewing call past it. */
const ASKED_LEASE_S = 2;
const LONGEST_LEASE_WAITED_S = 10;
const SWEEP_MARGIN_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const leaseChecks: ConformanceCheck[] = [
  {
    name: 'lease/expiry',
    promise: 'A session no call names for its lease_seconds is freed (then NOT_FOUND); a call within the lease renews it',
    async run(context) {
      const { sessionId, leaseSeconds } = await context.createSession(1, { leaseSeconds: ASKED_LEASE_S });
      if (!(leaseSeconds > 0)) throw new Broken(`CreateSession granted lease_seconds ${leaseSeconds}`);
      if (leaseSeconds > LONGEST_LEASE_WAITED_S) throw new SkipCheck(`asked for a ${ASKED_LEASE_S} s lease, granted ${leaseSeconds} s: too long to wait for`);
      const leaseMs = leaseSeconds * 1000;
      await sleep(leaseMs * 0.4);
      await context.attach(sessionId);
      await sleep(leaseMs * 0.4);
      await context.attach(sessionId); // alive: renewed by the previous call
      await sleep(leaseMs * 0.4);
      await context.attach(sessionId); // alive 1.2 leases after creation
      await sleep(leaseMs + SWEEP_MARGIN_MS);
      await expectStatus(context.client.attempt('attachSession', { sessionId }), status.NOT_FOUND,
        `AttachSession ${leaseSeconds + SWEEP_MARGIN_MS / 1000} s after the last call on a session with a ${leaseSeconds} s lease`);
    },
  },
  {
    name: 'bounds/lease',
    promise: 'GetServerInfo advertises max_lease_seconds; CreateSession with lease_seconds above it, negative or non-finite → INVALID_ARGUMENT; at most it is granted',
    async run(context) {
      const max = context.info.maxLeaseSeconds;
      if (!(Number.isFinite(max) && max >= context.info.defaultLeaseSeconds)) {
        throw new Broken(`max_lease_seconds is ${max} (default_lease_seconds ${context.info.defaultLeaseSeconds})`);
      }
      for (const leaseSeconds of [max * 2 + 1, 1e300, -1, Infinity, NaN]) {
        const outcome = await context.client.attempt<CreateSessionResponse>('createSession', context.sessionRequest(1, { leaseSeconds }));
        if (outcome.ok) context.track(outcome.value.sessionId);
        await expectStatus(Promise.resolve(outcome), status.INVALID_ARGUMENT, `CreateSession with lease_seconds ${leaseSeconds}`);
      }
      const granted = (await context.createSession(1, { leaseSeconds: max })).leaseSeconds;
      if (granted > max) throw new Broken(`asked for max_lease_seconds ${max}, granted ${granted}`);
    },
  },
];
