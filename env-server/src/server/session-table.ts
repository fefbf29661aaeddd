// The live sessions of a server: capacity (RESOURCE_EXHAUSTED beyond max), lookup (NOT_FOUND), and leases:
// a sweeper frees sessions idle for longer than their lease, in their worker too.
import { randomUUID } from 'node:crypto';
import type { WorkerPool } from '../workers/worker-pool.js';
import { checkName, clip } from './client-strings.js';
import { notFound, resourceExhausted } from './rpc-error.js';
import type { Session } from './session.js';

const MAX_LOST_REMEMBERED = 10_000;

export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  /** Why recently lost sessions went away (bounded), for clearer NOT_FOUND messages. */
  private readonly lost = new Map<string, string>();
  private reserved = 0;
  private sweeper: NodeJS.Timeout | undefined;

  /** `instanceId` identifies this server run; every session id starts with it and a dash. */
  constructor(private readonly pool: WorkerPool, readonly maxSessions: number, readonly instanceId: string) {}

  /** Whether `id` has the shape of a session id issued by some run of this server, and that run's instance id. */
  private instanceOf(id: string): string | undefined {
    const match = /^([0-9a-f]+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(id);
    return match && match[1]!.length === this.instanceId.length ? match[1] : undefined;
  }

  /** A fresh session id: `<instance id>-<random UUID>`. Whoever holds it may use the session. */
  newId(): string {
    return `${this.instanceId}-${randomUUID()}`;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Holds a slot for a session being created; throws RESOURCE_EXHAUSTED at capacity. */
  reserve(): void {
    if (this.sessions.size + this.reserved >= this.maxSessions) {
      throw resourceExhausted(`server at capacity: ${this.maxSessions} sessions are live; close one or retry later`);
    }
    this.reserved++;
  }

  /** Gives back a slot from `reserve` (creation failed). */
  unreserve(): void {
    this.reserved--;
  }

  /** Turns a reserved slot into a live session. */
  add(session: Session): void {
    this.reserved--;
    this.sessions.set(session.id, session);
  }

  /** The live session `id` (its lease renewed); throws NOT_FOUND otherwise. */
  get(id: string): Session {
    checkName('session id', id);
    const session = this.sessions.get(id);
    if (!session) throw notFound(this.whyNotFound(id));
    session.touch();
    return session;
  }

  private whyNotFound(id: string): string {
    const reason = this.lost.get(id);
    if (reason) return `session '${clip(id)}' was lost: ${reason}; create a new session`;
    const instance = this.instanceOf(id);
    if (instance !== undefined && instance !== this.instanceId) {
      return `session '${clip(id)}' belonged to an earlier run of this server (instance ${instance}; this run is ` +
        `${this.instanceId}), and sessions do not survive a restart; create a new session`;
    }
    return `session '${clip(id)}' not found: never created, closed, or its lease expired`;
  }

  /** Removes a session and frees its envs on its worker (after its queued commands). */
  async remove(session: Session): Promise<void> {
    if (!this.sessions.delete(session.id)) return;
    try {
      await session.enqueue(() => this.pool.request(session.worker, { kind: 'close', sessionId: session.id }));
    } finally {
      this.pool.release(session.worker, session.numEnvs, session.envBytes);
    }
  }

  /** Forgets the sessions of a worker that died (their envs died with it); returns their ids. */
  dropWorker(worker: number, reason: string): string[] {
    const dropped = [...this.sessions.values()].filter((s) => s.worker === worker).map((s) => s.id);
    for (const id of dropped) {
      this.sessions.delete(id);
      this.lost.set(id, `its worker thread died (${reason})`);
      if (this.lost.size > MAX_LOST_REMEMBERED) this.lost.delete(this.lost.keys().next().value!);
    }
    return dropped;
  }

  /** Frees every session whose lease ran out; returns their ids. */
  sweep(now = Date.now()): string[] {
    const expired = [...this.sessions.values()].filter((s) => s.expired(now));
    for (const session of expired) void this.remove(session).catch(() => undefined);
    return expired.map((s) => s.id);
  }

  /** Sweeps every `intervalMs` until `stopSweeping`. */
  startSweeping(intervalMs: number, onExpired?: (ids: string[]) => void): void {
    this.sweeper = setInterval(() => {
      const ids = this.sweep();
      if (ids.length && onExpired) onExpired(ids);
    }, intervalMs);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    clearInterval(this.sweeper);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }
}
