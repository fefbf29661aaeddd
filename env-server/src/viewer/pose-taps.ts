// Viewers' subscriptions to one env of one session, as a StepWatch: a step copies the poses of at most one env,
// only when a tap on that env is due (its rate's interval has passed), so an unwatched server does no extra work
// and a watched one copies one env's nbody × 7 floats at most `rate` times a second per tap.
import type { Session } from '../server/session.js';
import type { StepWatch } from '../server/step-watch.js';
import type { SessionStepResult } from '../workers/worker-protocol.js';

/** One viewer watching env `env` of `session`; `deliver` receives the poses after a due step. */
export interface PoseTap {
  readonly sessionId: string;
  readonly env: number;
  /** Minimum time between two deliveries. */
  readonly intervalMs: number;
  deliver(session: Session, poses: Float32Array): void;
}

interface TapState {
  tap: PoseTap;
  /** performance.now() from which the tap wants its next poses. */
  due: number;
}

export class PoseTaps implements StepWatch {
  private readonly bySession = new Map<string, Set<TapState>>();
  /** Env whose poses the step in flight on a session copies (a session's steps run one at a time). */
  private readonly capturing = new Map<string, number>();

  /** `now` is the clock in milliseconds (tests pass their own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  add(tap: PoseTap): void {
    const taps = this.bySession.get(tap.sessionId) ?? new Set();
    taps.add({ tap, due: 0 });
    this.bySession.set(tap.sessionId, taps);
  }

  remove(tap: PoseTap): void {
    const taps = this.bySession.get(tap.sessionId);
    if (!taps) return;
    for (const state of taps) if (state.tap === tap) taps.delete(state);
    if (taps.size === 0) this.bySession.delete(tap.sessionId);
  }

  /** Taps registered (every session). */
  get size(): number {
    let n = 0;
    for (const taps of this.bySession.values()) n += taps.size;
    return n;
  }

  captureEnv(session: Session): number | undefined {
    const taps = this.bySession.get(session.id);
    if (!taps) return undefined;
    const now = this.now();
    let earliest: TapState | undefined;
    for (const state of taps) if (state.due <= now && (!earliest || state.due < earliest.due)) earliest = state;
    if (earliest) this.capturing.set(session.id, earliest.tap.env);
    return earliest?.tap.env;
  }

  stepped(session: Session, result: SessionStepResult): void {
    const env = this.capturing.get(session.id);
    this.capturing.delete(session.id);
    const taps = this.bySession.get(session.id);
    if (env === undefined || !taps || !result.watchedPoses) return;
    const now = this.now();
    for (const state of taps) {
      if (state.tap.env !== env || state.due > now) continue;
      state.due = now + state.tap.intervalMs;
      try {
        state.tap.deliver(session, result.watchedPoses);
      } catch {
        // A viewer's failure must never fail the step it watched.
      }
    }
  }
}
