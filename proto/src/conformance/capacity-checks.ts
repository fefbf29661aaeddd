// Capacity, checked by filling the server: opt-in (destructive), because on a shared server it denies others
// service while it runs. A full server refuses with RESOURCE_EXHAUSTED before allocating, and recovers fully.
import { status } from '@grpc/grpc-js';
import type { CreateSessionResponse, GetServerInfoResponse } from '../gen/qflow/v1/environment.js';
import { shorten, type Outcome } from './conformance-client.js';
import { Broken, type CheckContext } from './check-context.js';
import { SkipCheck, type ConformanceCheck } from './conformance-check.js';

/** Sessions the suite creates at most while filling a server. */
const MOST_SESSIONS_FILLED = 1024;

/** Creates sessions of `numEnvs` envs until one is refused or `attempts` are made; returns the refusal, if any. */
async function fill(context: CheckContext, numEnvs: number, attempts: number): Promise<{ created: number; refusal?: Outcome<unknown> }> {
  for (let i = 0; i < attempts; i++) {
    const outcome = await context.client.attempt<CreateSessionResponse>('createSession', context.sessionRequest(numEnvs));
    if (!outcome.ok) {
      if (outcome.code !== status.RESOURCE_EXHAUSTED) {
        throw new Broken(`CreateSession of ${numEnvs} envs after ${i} such sessions answered ${status[outcome.code]} (${shorten(outcome.details)}), expected OK or RESOURCE_EXHAUSTED`);
      }
      return { created: i, refusal: outcome };
    }
    context.track(outcome.value.sessionId);
  }
  return { created: attempts };
}

/** A fresh session of `numEnvs` envs resets and steps. */
async function works(context: CheckContext, numEnvs: number, what: string): Promise<void> {
  try {
    const { sessionId } = await context.createSession(numEnvs);
    await context.client.call('reset', { sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true });
    await context.step(sessionId, context.actionTensor(Array.from({ length: numEnvs }, (_, i) => context.action(0, i, 0))));
  } catch (error) {
    throw new Broken(`${what}: ${(error as Error).message}`);
  }
}

export const capacityChecks: ConformanceCheck[] = [
  {
    name: 'capacity/sessions',
    promise: 'Beyond max_sessions live sessions CreateSession → RESOURCE_EXHAUSTED; closing one makes room again',
    requires: 'destructive',
    async run(context) {
      const max = context.info.maxSessions;
      if (max > MOST_SESSIONS_FILLED) throw new SkipCheck(`max_sessions ${max} is more than the ${MOST_SESSIONS_FILLED} sessions the suite creates`);
      const { refusal } = await fill(context, 1, max + 1);
      if (!refusal) throw new Broken(`${max + 1} sessions were created; max_sessions is ${max}`);
      await context.closeSessions();
      await works(context, 1, 'after closing the sessions, a new one');
    },
  },
  {
    name: 'capacity/memory',
    promise: 'Sessions that do not fit the server\'s memory → RESOURCE_EXHAUSTED before allocating (never INTERNAL); after closing them everything works again, including a session of the env id\'s EnvSpec.max_envs_per_session envs on an idle server',
    requires: 'destructive',
    async run(context) {
      const { activeSessions } = await context.client.call<GetServerInfoResponse>('getServerInfo', {});
      const idle = activeSessions === 0;
      const size = context.spec.maxEnvsPerSession;
      await fill(context, size, Math.min(context.info.maxSessions, MOST_SESSIONS_FILLED));
      await context.closeSessions();
      await works(context, 1, 'after filling the server and closing every session, a session of 1 env');
      await context.closeSessions();
      if (idle) await works(context, size, `after filling the server and closing every session, a session of max_envs_per_session (${size}) envs of ${context.spec.id}`);
    },
  },
];
