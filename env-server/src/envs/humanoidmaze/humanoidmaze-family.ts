// The humanoidmaze family as the registry sees it: its single-task env ids, their specs, and the factory.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { EnvSpec } from '../env.js';
import { HUMANOID_NU, HUMANOID_OBSERVATION_SIZE } from '../humanoid/humanoid-robot.js';
import { NAVIGATION_DEFAULT_TASK, navigationTasks } from '../maze/navigation-tasks.js';
import { parseSingletaskId, singletaskAliasId, singletaskEnvId } from '../singletask-ids.js';
import { HumanoidMazeEnv, type HumanoidMazeName } from './humanoidmaze-env.js';

const FAMILY = 'humanoidmaze';
const MAZES: readonly HumanoidMazeName[] = ['medium', 'large', 'giant'];
const NUM_TASKS = 5;
const EPISODE_STEPS: Record<HumanoidMazeName, number> = { medium: 2000, large: 2000, giant: 4000 };

function spec(id: string, maze: HumanoidMazeName, task: number): EnvSpec {
  return {
    id,
    family: FAMILY,
    defaultTask: task,
    numTasks: navigationTasks(maze).length,
    maxEpisodeSteps: EPISODE_STEPS[maze],
    observation: { shape: [HUMANOID_OBSERVATION_SIZE], dtype: 'float64' },
    action: { shape: [HUMANOID_NU], dtype: 'float32', low: Array(HUMANOID_NU).fill(-1), high: Array(HUMANOID_NU).fill(1) },
    datasets: [`${FAMILY}-${maze}-navigate-v0`, `${FAMILY}-${maze}-stitch-v0`],
  };
}

/** Canonical ids (tasks 1..5) and the per-maze alias of the default task. */
const SPECS: readonly EnvSpec[] = MAZES.flatMap((maze) => [
  ...Array.from({ length: NUM_TASKS }, (_, k) => spec(singletaskEnvId(FAMILY, maze, k + 1), maze, k + 1)),
  spec(singletaskAliasId(FAMILY, maze), maze, NAVIGATION_DEFAULT_TASK),
]);

/** Resolves any accepted spelling of a humanoidmaze id (see `parseSingletaskId`) to its spec. */
export function humanoidMazeSpec(id: string): EnvSpec | undefined {
  const parsed = parseSingletaskId(FAMILY, MAZES, NUM_TASKS, NAVIGATION_DEFAULT_TASK, id);
  return parsed && spec(id, parsed.maze, parsed.task);
}

export const humanoidmazeFamily: EnvFamily<Mujoco> = {
  family: FAMILY,
  specs: () => SPECS.map((s) => structuredClone(s)),
  create(mujoco: Mujoco, id: string): HumanoidMazeEnv {
    const parsed = parseSingletaskId(FAMILY, MAZES, NUM_TASKS, NAVIGATION_DEFAULT_TASK, id);
    if (!parsed) {
      throw new Error(
        `humanoidmaze has no env '${id}'; valid: humanoidmaze-{${MAZES.join(',')}}-singletask[-task{1..${NUM_TASKS}}]-v0`,
      );
    }
    return new HumanoidMazeEnv(mujoco, spec(id, parsed.maze, parsed.task), parsed.maze);
  },
};
