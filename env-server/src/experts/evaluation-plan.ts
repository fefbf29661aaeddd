// What `qflow experts eval` measures (docs/datasets.md#evaluating-experts): which envs and tasks, how many
// episodes each, and the expert files; one row of the result table per (env, task).
import { navigationTasks, soccerTasks, type NavigationMaze, type SoccerMaze } from '@qflow/datasets';
import type { ExpertName } from './expert-files.js';

/** direction: the walker alone on its training env; maze: navigation with BFS subgoals; soccer: bring the ball to the goal. */
export type EvaluationKind = 'direction' | 'maze' | 'soccer';

export interface EvaluationRow {
  kind: EvaluationKind;
  /** The env prefix or id the user named, e.g. `antmaze-medium` or `online-ant-xy-v0`. */
  env: string;
  /** Env id created for the row's episodes. */
  envId: string;
  /** 1..5 for maze and soccer rows, 0 for direction rows. */
  task: number;
}

/** Direction-following envs, their walker and control step (s). */
export const DIRECTION_ENVS: Record<string, { walker: ExpertName; controlStep: number }> = {
  'online-ant-xy-v0': { walker: 'ant-xy', controlStep: 0.1 },
  'online-humanoid-xy-v0': { walker: 'humanoid-xy', controlStep: 0.025 },
};

const NAVIGATION_ENVS = ['medium', 'large', 'giant', 'teleport'].flatMap((maze) => [`antmaze-${maze}`, `humanoidmaze-${maze}`]);
const SOCCER_ENVS = ['antsoccer-arena', 'antsoccer-medium'];

/** Every value `--env` accepts. */
export function evaluableEnvs(): string[] {
  return [...Object.keys(DIRECTION_ENVS), ...NAVIGATION_ENVS, ...SOCCER_ENVS];
}

/** The walker expert an env needs. */
export function walkerFor(env: string): ExpertName {
  return DIRECTION_ENVS[env]?.walker ?? (env.startsWith('humanoidmaze-') ? 'humanoid-xy' : 'ant-xy');
}

/** The rows of `envs` (tasks apply to maze and soccer envs); throws naming a bad env or task and the valid ones. */
export function evaluationRows(envs: readonly string[], tasks: readonly number[]): EvaluationRow[] {
  const rows: EvaluationRow[] = [];
  for (const env of envs) {
    if (DIRECTION_ENVS[env]) {
      rows.push({ kind: 'direction', env, envId: env, task: 0 });
      continue;
    }
    const soccer = SOCCER_ENVS.includes(env);
    if (!soccer && !NAVIGATION_ENVS.includes(env)) throw new Error(`cannot evaluate on '${env}'; valid: ${evaluableEnvs().join(', ')}`);
    const maze = env.slice(env.indexOf('-') + 1);
    const count = soccer ? soccerTasks(maze as SoccerMaze).length : navigationTasks(maze as NavigationMaze).length;
    for (const task of tasks) {
      if (!Number.isInteger(task) || task < 1 || task > count) throw new Error(`task ${task} does not exist for ${env}; valid: 1..${count}`);
      rows.push({ kind: soccer ? 'soccer' : 'maze', env, envId: `${env}-singletask-task${task}-v0`, task });
    }
  }
  const walkers = new Set(rows.map((r) => walkerFor(r.env)));
  if (walkers.size > 1) throw new Error(`--env mixes robots (${[...walkers].join(', ')}); evaluate one robot's envs at a time`);
  return rows;
}
