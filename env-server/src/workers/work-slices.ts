// Long commands of an env worker run in slices. A worker runs one command at a time, and building, resetting or
// stepping hundreds of envs takes seconds (an ant maze env: ~12 ms to build, ~8 ms to reset, 1–3 ms to step), so
// a command that has run for SLICE_MS steps aside, at its next env, for the commands that arrived meanwhile:
// one session's large batch holds up the sessions beside it on the worker by at most a slice and one env.
// Commands of one session never overlap (the main thread sends the next only after the previous is answered).

const SLICE_MS = 5;

/** The slices of one command. */
export class WorkSlices {
  private start = performance.now();

  /** Call before each env's work: once the slice is used up, the commands waiting run first. */
  async next(): Promise<void> {
    if (performance.now() - this.start < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}
