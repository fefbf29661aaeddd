// What one env of each env id costs in a worker's physics heap, measured by a worker on first use of the id
// (and cached for the server's life), for admission control before anything is allocated.
import type { MeasureResult } from '../workers/worker-protocol.js';
import type { WorkerPool } from '../workers/worker-pool.js';

export class EnvCosts {
  private readonly bytes = new Map<string, Promise<number>>();

  constructor(private readonly pool: WorkerPool) {}

  /** Heap bytes one env of canonical id `envId` holds. */
  of(envId: string): Promise<number> {
    let cost = this.bytes.get(envId);
    if (!cost) {
      cost = this.pool.request<MeasureResult>(this.pool.anyUsable(), { kind: 'measure', envId }).then((r) => r.envBytes);
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
