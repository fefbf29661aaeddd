// Single-task env ids of the locomotion families (spec §0): the canonical `<family>-<maze>-singletask-taskK-v0`,
// the alias `<family>-<maze>-singletask-v0` (the family's default task), and the dataset-style spelling
// `<family>-<maze>-navigate-singletask[-taskK]-v0` (OGBench's registered names carry the dataset kind).

export interface SingletaskId<M extends string> {
  maze: M;
  /** 1..numTasks; the default task when the id names none. */
  task: number;
  /** True when the id named no task (the alias forms). */
  isAlias: boolean;
}

export function singletaskEnvId(family: string, maze: string, task: number): string {
  return `${family}-${maze}-singletask-task${task}-v0`;
}

export function singletaskAliasId(family: string, maze: string): string {
  return `${family}-${maze}-singletask-v0`;
}

/** Parses any accepted spelling of a single-task id of `family`; undefined when `id` is not one. */
export function parseSingletaskId<M extends string>(
  family: string,
  mazes: readonly M[],
  numTasks: number,
  defaultTask: number,
  id: string,
): SingletaskId<M> | undefined {
  const match = /^([a-z]+)-([a-z]+)(?:-navigate)?-singletask(?:-task(\d+))?-v0$/.exec(id);
  if (!match || match[1] !== family) return undefined;
  const maze = mazes.find((m) => m === match[2]);
  if (maze === undefined) return undefined;
  if (match[3] === undefined) return { maze, task: defaultTask, isAlias: true };
  const task = Number(match[3]);
  if (!Number.isInteger(task) || task < 1 || task > numTasks || match[3] !== String(task)) return undefined;
  return { maze, task, isAlias: false };
}
