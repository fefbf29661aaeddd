// Per-env transitions of the episodes still running. They enter the replay buffer only when their episode ends
// (terminated or truncated); an episode lost with its server is dropped whole. So the buffer never holds a
// transition of an episode whose server died before the episode finished.
import type { TransitionDataset } from '../training/transition-dataset.js';

interface Episode {
  observations: number[];
  actions: number[];
  rewards: number[];
  masks: number[];
  nextObservations: number[];
}

function emptyEpisode(): Episode {
  return { observations: [], actions: [], rewards: [], masks: [], nextObservations: [] };
}

export class PendingEpisodes {
  private readonly episodes: Episode[];

  constructor(readonly count: number, readonly obsDim: number, readonly actDim: number) {
    this.episodes = Array.from({ length: count }, emptyEpisode);
  }

  /** Transitions held for env `slot`. */
  length(slot: number): number {
    return this.episodes[slot]!.rewards.length;
  }

  /** Holds one transition of env `slot`; `obs`, `act`, `next` are the full [count, dim] arrays of the step. */
  push(slot: number, obs: Float32Array, act: Float32Array, reward: number, mask: number, next: Float32Array): void {
    const e = this.episodes[slot]!;
    const o = this.obsDim;
    const a = this.actDim;
    for (let j = 0; j < o; j++) e.observations.push(obs[slot * o + j]!);
    for (let j = 0; j < a; j++) e.actions.push(act[slot * a + j]!);
    for (let j = 0; j < o; j++) e.nextObservations.push(next[slot * o + j]!);
    e.rewards.push(reward);
    e.masks.push(mask);
  }

  /** Appends env `slot`'s finished episode to `buffer`; returns the number of transitions. */
  commit(slot: number, buffer: TransitionDataset): number {
    const e = this.episodes[slot]!;
    const n = e.rewards.length;
    if (n) {
      buffer.appendColumns({
        observations: Float32Array.from(e.observations), actions: Float32Array.from(e.actions),
        rewards: Float32Array.from(e.rewards), masks: Float32Array.from(e.masks),
        nextObservations: Float32Array.from(e.nextObservations),
      });
    }
    this.episodes[slot] = emptyEpisode();
    return n;
  }

  /** Forgets env `slot`'s unfinished episode; returns the number of transitions dropped. */
  drop(slot: number): number {
    const n = this.episodes[slot]!.rewards.length;
    this.episodes[slot] = emptyEpisode();
    return n;
  }
}
