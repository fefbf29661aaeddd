// Long commands of an env worker run in slices. A worker runs one command at a time, and building, resetting or
// stepping hundreds of envs takes seconds (an ant maze env: ~12 ms to build, ~8 ms to reset, 1–3 ms to step), so
// a command that has run for SLICE_MS steps aside, at its next env, for the commands that arrived meanwhile.
// Resets and steps (foreground work) take turns with each other. Building a new session's envs (background work)
// goes on only while no reset or step is running, or after waiting MAX_BACKGROUND_WAIT_MS (so that a busy worker
// still builds, one env at a time). So one session's large batch holds up the sessions beside it by at most a
// slice and one env at a time, and a session being built hardly at all. Commands of one session never overlap
// (the main thread sends the next only after the previous is answered).

const SLICE_MS = 5;
const MAX_BACKGROUND_WAIT_MS = 100;

/** Resets and steps running (suspended between slices included) on this thread. */
let foregroundRunning = 0;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a reset or step: background work waits while it runs. */
export async function foreground<T>(work: () => Promise<T>): Promise<T> {
  foregroundRunning++;
  try {
    return await work();
  } finally {
    foregroundRunning--;
  }
}

/** The slices of one command. */
export class WorkSlices {
  private start: number;

  /** `background`: building envs, which waits for the resets and steps running (even before its first env). */
  constructor(private readonly background = false) {
    this.start = background ? -Infinity : performance.now();
  }

  /** Call before each env's work: once the slice is used up, the commands waiting run first. */
  async next(): Promise<void> {
    if (performance.now() - this.start < SLICE_MS) return;
    await turn();
    if (this.background) {
      const waitEnd = performance.now() + MAX_BACKGROUND_WAIT_MS;
      while (foregroundRunning > 0 && performance.now() < waitEnd) await turn();
    }
    this.start = performance.now();
  }
}
