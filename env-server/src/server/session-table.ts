// The live sessions of a server: capacity (RESOURCE_EXHAUSTED beyond max), lookup (NOT_FOUND), and leases:
// a sweeper frees sessions idle for longer than their lease, in their worker too.
import type { WorkerPool } from '../workers/worker-pool.js';
import { notFound, resourceExhausted } from './rpc-error.js';
import type { Session } from './session.js';

export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private reserved = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly pool: WorkerPool, readonly maxSessions: number) {}

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
    const session = this.sessions.get(id);
    if (!session) throw notFound(`session '${id}' not found: never created, closed, or its lease expired`);
    session.touch();
    return session;
  }

  /** Removes a session and frees its envs on its worker (after its queued commands). */
  async remove(session: Session): Promise<void> {
    if (!this.sessions.delete(session.id)) return;
    this.pool.release(session.worker, session.numEnvs);
    await session.enqueue(() => this.pool.request(session.worker, { kind: 'close', sessionId: session.id }));
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
