// What viewers see of live sessions. A session id is a capability (whoever holds it may step the session), so
// viewers get a view id instead: a hash prefix that names the session without granting any use of it.
import { createHash } from 'node:crypto';
import type { Session } from '../server/session.js';

/** Envs listed per session at most (a session may hold many more; the page picks any index). */
export const MAX_LISTED_ENVS = 1024;
/** Sessions listed at most. */
export const MAX_LISTED_SESSIONS = 1000;

const viewIds = new WeakMap<Session, string>();

export function viewIdOf(session: Session): string {
  let id = viewIds.get(session);
  if (!id) {
    id = createHash('sha256').update(session.id).digest('hex').slice(0, 16);
    viewIds.set(session, id);
  }
  return id;
}

export interface SessionSummary {
  id: string;
  envId: string;
  numEnvs: number;
  taskId: number;
}

export interface EnvSummary {
  index: number;
  episodeStep: number;
  return: number;
  success: boolean;
  /** An episode is running (reset, and not ended with auto-reset off). */
  ready: boolean;
}

export function sessionSummaries(sessions: Session[]): SessionSummary[] {
  return sessions.slice(0, MAX_LISTED_SESSIONS).map((s) => ({ id: viewIdOf(s), envId: s.spec.id, numEnvs: s.numEnvs, taskId: s.taskId }));
}

export function envSummary(session: Session, index: number): EnvSummary {
  return {
    index,
    episodeStep: session.episodeSteps[index]!,
    return: session.episodeReturns[index]!,
    success: session.succeeded[index] === 1,
    ready: session.ready[index] === 1,
  };
}

export function envSummaries(session: Session): EnvSummary[] {
  return Array.from({ length: Math.min(session.numEnvs, MAX_LISTED_ENVS) }, (_, i) => envSummary(session, i));
}

/** The task env `index` plays: its latest reset's, or the session's default before any reset. */
export function taskOf(session: Session, index: number): number {
  return session.envTasks[index] || session.taskId;
}
