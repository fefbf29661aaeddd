// How long a worker has had work: the time during which at least one of its commands was unanswered. A worker
// thread runs one command at a time, so this is its busy time; its rate over a window is its busy fraction.
export class BusyClock {
  private open = 0;
  private since = 0;
  private closedMs = 0;

  /** A command was sent. */
  start(now = performance.now()): void {
    if (this.open++ === 0) this.since = now;
  }

  /** A command was answered (or failed). */
  stop(now = performance.now()): void {
    if (--this.open === 0) this.closedMs += now - this.since;
  }

  /** Busy seconds so far, the running interval included. */
  seconds(now = performance.now()): number {
    return (this.closedMs + (this.open > 0 ? now - this.since : 0)) / 1000;
  }
}
