// Test support for the failover tests: an agent with random actions and a no-op update, and an OnlineEnv wrapper
// that records every step's next observation per slot, so a test can rebuild the episodes that were lost.
import type { OnlineEnv, OnlineStepResult } from '../src/envs/vector-env.js';
import { AgentRng } from '../src/random/agent-rng.js';
import type { TrainableAgent } from '../src/algorithms/agent.js';

export interface RecordedEpisode {
  slot: number;
  rows: Float32Array[];
  lost: boolean;
}

/** Uniform random actions, a no-op update that counts: the loop's bookkeeping without a network. */
export function randomAgent(obsDim: number, actDim: number): TrainableAgent {
  let step = 0;
  return {
    kind: 'random', obsDim, actDim,
    get step() { return step; },
    async update() { step++; return { loss: 0 }; },
    async act(_obs, count, seed) {
      const rng = new AgentRng(seed);
      return Float32Array.from({ length: count * actDim }, () => rng.uniform() * 2 - 1);
    },
    async getState() { return { kind: 'random', config: {}, step, tensors: {} }; },
    setState(s) { step = s.step; },
  };
}

/** Records every step's transition per slot, so the test can rebuild the episodes that were lost. */
export function recording(env: OnlineEnv) {
  const episodes: RecordedEpisode[] = [];
  const open = new Map<number, RecordedEpisode>();
  const { obsDim } = env.spec;
  const wrapped: OnlineEnv = {
    spec: env.spec, count: env.count,
    get waitMs() { return env.waitMs; },
    start: () => env.start(),
    close: () => env.close(),
    async stepAutoReset(actions) {
      const r: OnlineStepResult = await env.stepAutoReset(actions);
      for (let i = 0; i < env.count; i++) {
        let ep = open.get(i);
        if (!ep) { ep = { slot: i, rows: [], lost: false }; open.set(i, ep); episodes.push(ep); }
        if (r.lost[i]) { ep.lost = true; open.delete(i); continue; }
        ep.rows.push(r.nextObservations.slice(i * obsDim, (i + 1) * obsDim));
        if (r.terminated[i] || r.truncated[i]) open.delete(i);
      }
      return r;
    },
  };
  return { wrapped, episodes };
}

export function rowKey(row: ArrayLike<number>): string {
  return Array.from(row, (v) => v.toString()).join(',');
}
