// Measures what one env of an id costs in a MuJoCo heap, in a probe instance of its own (never in the live
// instance, whose freed blocks would hide the cost). Measurements run one at a time; each measured env is kept
// alive, so that the next measurement starts from the heap's top rather than inside a hole, and the probe
// instance is dropped (a fresh one loaded next time) when its heap passes PROBE_HEAP_LIMIT_BYTES.
import type { Env } from '../envs/env.js';
import { heapTopBytes, loadMujoco, type Mujoco } from '../physics/mujoco-loader.js';

const PROBE_HEAP_LIMIT_BYTES = 512 << 20;

export class EnvHeapProbe {
  private instance: Mujoco | undefined;
  private held: Env[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly build: (mujoco: Mujoco, envId: string) => Env,
    private readonly heapLimitBytes = PROBE_HEAP_LIMIT_BYTES,
  ) {}

  /** Heap bytes one env of `envId` takes: how far the heap's top moves when it is built. */
  measure(envId: string): Promise<number> {
    const result = this.queue.then(() => this.measureNow(envId));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async measureNow(envId: string): Promise<number> {
    this.instance ??= await loadMujoco();
    const before = heapTopBytes(this.instance);
    this.held.push(this.build(this.instance, envId));
    const after = heapTopBytes(this.instance);
    if (after > this.heapLimitBytes) {
      // Dropped whole (not disposed env by env): freed blocks would make later readings too small.
      this.held = [];
      this.instance = undefined;
    }
    return after - before;
  }
}
