// What one env of each env id costs in a worker's physics heap, measured on first use of the id by a thread
// that hosts no sessions (and cached for the server's life), for admission control before anything is allocated.
import type { MeasuringThread } from '../workers/measuring-thread.js';

export class EnvCosts {
  private readonly bytes = new Map<string, Promise<number>>();
  /** `thread` runs the workers' backend (default MuJoCo), whose costs are measured. */
  constructor(private readonly thread: MeasuringThread) {}

  /** Heap bytes one env of canonical id `envId` holds. */
  of(envId: string): Promise<number> {
    let cost = this.bytes.get(envId);
    if (!cost) {
      cost = this.thread.measure(envId);
      this.bytes.set(envId, cost);
      cost.catch(() => this.bytes.delete(envId));
    }
    return cost;
  }

  /** The largest cost among `envIds` (measuring those not measured yet). */
  async largest(envIds: readonly string[]): Promise<number> {
    return Math.max(1, ...(await Promise.all(envIds.map((id) => this.of(id)))));
  }
}
