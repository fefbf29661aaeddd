// The one recovery policy of the remote vector env, for failed steps and resets alike. A request the server refused
// (INVALID_ARGUMENT, FAILED_PRECONDITION) is the caller's error and is thrown. A forgotten session (NOT_FOUND: lease
// expired, worker crashed) is re-created on the same server. Any other failure re-attaches the session on a fresh
// stream; a server that stays unreachable is dropped and its slots re-created on the surviving servers. The running
// episodes of every re-created session are lost.
import { status } from '@grpc/grpc-js';
import type { LinkError, ServerLink } from './server-link.js';
import { dealSlots, type Session, type SlotPlacement } from './slot-placement.js';

/** After `recover`: the session lives on (with the server's episode step counts), or was replaced. */
export type Recovery = { kind: 'reattached'; episodeSteps: number[] } | { kind: 'replaced' };

/** Called with slots whose running episodes are lost, before those slots get a new session. */
export type DropEpisodes = (slots: number[]) => void;

export interface RecoveryCounters {
  reattaches: number;
  sessionsRecreated: number;
  serversLost: number;
}

export interface RecoveryOptions {
  /** Creates a session of `slots` on `link` and adds it to the placement. */
  openSession: (link: ServerLink, slots: number[]) => Promise<Session>;
  counters: RecoveryCounters;
  log: (line: string) => void;
  /** Re-attach attempts before a server is declared dead (default 3; delay k × retryDelayMs before attempt k). */
  reattachAttempts?: number;
  retryDelayMs?: number;
}

export class SessionRecovery {
  constructor(private readonly placement: SlotPlacement, private readonly opts: RecoveryOptions) {}

  /** Recovers `session` after a request on it failed with `error`. */
  async recover(session: Session, error: LinkError, dropEpisodes: DropEpisodes): Promise<Recovery> {
    if (error.code === status.INVALID_ARGUMENT || error.code === status.FAILED_PRECONDITION) throw error;
    if (error.code === status.NOT_FOUND) {
      await this.recreate(session, 'the session expired or was lost', dropEpisodes);
      return { kind: 'replaced' };
    }
    const attached = await this.reattach(session);
    if (attached === 'dead') {
      await this.failover(session.link, dropEpisodes);
      return { kind: 'replaced' };
    }
    if (attached === 'gone') {
      await this.recreate(session, 'the server no longer knows the session', dropEpisodes);
      return { kind: 'replaced' };
    }
    return { kind: 'reattached', episodeSteps: attached };
  }

  /** Drops a dead server: its running episodes are lost, its slots re-created on the surviving servers. */
  async failover(link: ServerLink, dropEpisodes: DropEpisodes, extraSlots: number[] = []): Promise<void> {
    const moving = [...new Set([...this.placement.dropServer(link), ...extraSlots])].sort((a, b) => a - b);
    link.close();
    this.opts.counters.serversLost++;
    dropEpisodes(moving);
    const survivors = this.placement.links;
    if (!survivors.length) throw new Error(`every env server is gone (last: ${link.address}); cannot go on`);
    this.opts.log(`env server ${link.address} is gone: ${moving.length} envs (slots [${moving}]) move to ${survivors.map((l) => l.address).join(', ')}; ` +
      `their unfinished episodes are dropped`);
    const bySurvivor = dealSlots(moving, survivors.length);
    for (const [k, target] of [...survivors].entries()) {
      if (!bySurvivor[k]!.length) continue;
      try {
        await this.opts.openSession(target, bySurvivor[k]!);
      } catch (err) {
        this.opts.log(`env server ${target.address}: cannot take the moved envs (${(err as Error).message})`);
        await this.failover(target, dropEpisodes, bySurvivor[k]!);
        return;
      }
    }
  }

  /** Re-attaches `session` on a fresh stream: its episode step counts, 'gone' (NOT_FOUND) or 'dead'. */
  private async reattach(session: Session): Promise<number[] | 'gone' | 'dead'> {
    const attempts = this.opts.reattachAttempts ?? 3;
    session.link.dropStream();
    for (let k = 1; k <= attempts; k++) {
      await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 200) * k));
      try {
        const res = await session.link.attachSession(session.id);
        this.opts.counters.reattaches++;
        this.opts.log(`env server ${session.link.address}: re-attached session ${session.id} (attempt ${k})`);
        return res.episodeSteps;
      } catch (err) {
        if ((err as LinkError).code === status.NOT_FOUND) return 'gone';
        this.opts.log(`env server ${session.link.address}: re-attach attempt ${k}/${attempts} failed (${(err as Error).message})`);
      }
    }
    return 'dead';
  }

  /** Re-creates a forgotten session on the same server; its running episodes are lost. */
  private async recreate(session: Session, why: string, dropEpisodes: DropEpisodes): Promise<void> {
    this.placement.remove(session);
    dropEpisodes(session.slots);
    this.opts.log(`env server ${session.link.address}: ${why}; re-creating its ${session.slots.length} envs there`);
    try {
      await this.opts.openSession(session.link, session.slots);
      this.opts.counters.sessionsRecreated++;
    } catch (err) {
      this.opts.log(`env server ${session.link.address}: re-creating the session failed (${(err as Error).message})`);
      await this.failover(session.link, dropEpisodes, session.slots);
    }
  }
}
