// Measures what one env of an id costs in a MuJoCo heap, in a probe instance of its own (never in the live
// instance, whose freed blocks would hide the cost). Each measured env is kept alive, so that the next
// measurement starts from the heap's top rather than inside a hole; the probe instance is replaced when its
// heap passes PROBE_HEAP_LIMIT_BYTES.
import type { Env } from '../envs/env.js';
import { heapTopBytes, loadMujoco, type Mujoco } from '../physics/mujoco-loader.js';

const PROBE_HEAP_LIMIT_BYTES = 512 << 20;

export class EnvHeapProbe {
  private instance: Promise<Mujoco> | undefined;
  private held: Env[] = [];

  constructor(private readonly build: (mujoco: Mujoco, envId: string) => Env) {}

  /** Heap bytes one env of `envId` takes: how far the heap's top moves when it is built. */
  async measure(envId: string): Promise<number> {
    const mujoco = await (this.instance ??= loadMujoco());
    const before = heapTopBytes(mujoco);
    this.held.push(this.build(mujoco, envId));
    const after = heapTopBytes(mujoco);
    if (after > PROBE_HEAP_LIMIT_BYTES) this.reset();
    return after - before;
  }

  private reset(): void {
    for (const env of this.held) env.dispose();
    this.held = [];
    this.instance = undefined;
  }
}
