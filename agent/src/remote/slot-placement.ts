// Which server session holds each env slot of a remote vector env. Slot i of `count` starts on server i mod S;
// slots moving off a dead server are dealt round-robin to the survivors, in slot order.
import type { ServerLink } from './server-link.js';

/** One session on one server; its env k is the vector env's slot `slots[k]`. */
export interface Session { link: ServerLink; id: string; slots: number[] }

/** Deals `slots` round-robin over `serverCount` servers: the k-th slot goes to server k mod S. */
export function dealSlots(slots: readonly number[], serverCount: number): number[][] {
  const dealt = Array.from({ length: serverCount }, () => [] as number[]);
  slots.forEach((s, k) => dealt[k % serverCount]!.push(s));
  return dealt;
}

export class SlotPlacement {
  private live: Session[] = [];
  private readonly slotSession: Session[];
  private readonly slotLocal: Int32Array;

  constructor(private servers: ServerLink[], count: number) {
    this.slotSession = new Array(count);
    this.slotLocal = new Int32Array(count);
  }

  get links(): readonly ServerLink[] {
    return this.servers;
  }

  get sessions(): readonly Session[] {
    return this.live;
  }

  /** Slot → server address. */
  get addresses(): string[] {
    return this.slotSession.map((s) => s.link.address);
  }

  holds(session: Session): boolean {
    return this.live.includes(session);
  }

  /** The index of `slot` among its session's envs. */
  localIndex(slot: number): number {
    return this.slotLocal[slot]!;
  }

  add(session: Session): void {
    session.slots.forEach((s, local) => {
      this.slotSession[s] = session;
      this.slotLocal[s] = local;
    });
    this.live.push(session);
  }

  remove(session: Session): void {
    this.live = this.live.filter((s) => s !== session);
  }

  /** Forgets every session (the servers stay). */
  clear(): void {
    this.live = [];
  }

  /** Forgets a server and its sessions; returns the slots they held, in order. */
  dropServer(link: ServerLink): number[] {
    const slots = this.live.filter((s) => s.link === link).flatMap((s) => s.slots);
    this.live = this.live.filter((s) => s.link !== link);
    this.servers = this.servers.filter((l) => l !== link);
    return slots.sort((a, b) => a - b);
  }

  /** Each session holding slots that pass `wanted`, with those slots (sessions in creation order). */
  groups(wanted: (slot: number) => boolean): { session: Session; slots: number[] }[] {
    return this.live.map((session) => ({ session, slots: session.slots.filter(wanted) })).filter((g) => g.slots.length);
  }
}
