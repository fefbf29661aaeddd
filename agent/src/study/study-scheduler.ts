// Runs a study's cells at most `parallel` at a time: a finished cell is skipped, a failed one is reported and the
// others go on. The runner is given (a child process in the CLI, a fake in tests).

export type CellOutcome<C> =
  | { cell: C; status: 'skipped' }
  | { cell: C; status: 'cancelled' }
  | { cell: C; status: 'done'; wallSec: number }
  | { cell: C; status: 'failed'; wallSec: number; error: string };

export interface ScheduleOptions<C> {
  parallel: number;
  isFinished: (cell: C) => boolean;
  run: (cell: C) => Promise<void>;
  /** When aborted, no further cell starts; the ones not started end as 'cancelled'. */
  signal?: AbortSignal;
  /** Called once per cell as it ends (or is skipped), in completion order. */
  onOutcome?: (outcome: CellOutcome<C>, counts: { ended: number; total: number }) => void;
}

export async function runScheduled<C>(cells: readonly C[], o: ScheduleOptions<C>): Promise<CellOutcome<C>[]> {
  if (!(Number.isInteger(o.parallel) && o.parallel >= 1)) throw new Error(`parallel must be an integer >= 1, got ${o.parallel}`);
  const outcomes: CellOutcome<C>[] = new Array(cells.length);
  let ended = 0;
  const report = (i: number, outcome: CellOutcome<C>) => {
    outcomes[i] = outcome;
    o.onOutcome?.(outcome, { ended: ++ended, total: cells.length });
  };
  const pending: number[] = [];
  cells.forEach((cell, i) => (o.isFinished(cell) ? report(i, { cell, status: 'skipped' }) : pending.push(i)));
  const worker = async () => {
    for (let i = pending.shift(); i !== undefined; i = pending.shift()) {
      const cell = cells[i]!;
      if (o.signal?.aborted) {
        report(i, { cell, status: 'cancelled' });
        continue;
      }
      const t0 = performance.now();
      try {
        await o.run(cell);
        report(i, { cell, status: 'done', wallSec: (performance.now() - t0) / 1000 });
      } catch (err) {
        report(i, { cell, status: 'failed', wallSec: (performance.now() - t0) / 1000, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.parallel, pending.length) }, worker));
  return outcomes;
}
