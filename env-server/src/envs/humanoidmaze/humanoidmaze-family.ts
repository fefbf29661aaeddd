// The humanoidmaze family as the registry sees it: its single-task env ids, their specs, and the factory.
// The registry adds the aliases (`humanoidmaze-<maze>-singletask-v0`, dataset-style `...-navigate-singletask...`).
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { EnvSpec } from '../env.js';
import { HUMANOID_NU, HUMANOID_OBSERVATION_SIZE } from '../humanoid/humanoid-robot.js';
import { NAVIGATION_DEFAULT_TASK, navigationTasks } from '../maze/navigation-tasks.js';
import { HumanoidMazeEnv, type HumanoidMazeName } from './humanoidmaze-env.js';

const MAZES: readonly HumanoidMazeName[] = ['medium', 'large', 'giant'];
/** Episode lengths (spec §3.3). */
export const HUMANOIDMAZE_EPISODE_STEPS: Readonly<Record<HumanoidMazeName, number>> = { medium: 2000, large: 2000, giant: 4000 };

export function humanoidmazeEnvId(maze: HumanoidMazeName, task: number): string {
  return `humanoidmaze-${maze}-singletask-task${task}-v0`;
}

function spec(maze: HumanoidMazeName, task: number): EnvSpec {
  return {
    id: humanoidmazeEnvId(maze, task),
    family: 'humanoidmaze',
    defaultTask: task,
    numTasks: navigationTasks(maze).length,
    maxEpisodeSteps: HUMANOIDMAZE_EPISODE_STEPS[maze],
    observation: { shape: [HUMANOID_OBSERVATION_SIZE], dtype: 'float64' },
    action: { shape: [HUMANOID_NU], dtype: 'float32', low: Array(HUMANOID_NU).fill(-1), high: Array(HUMANOID_NU).fill(1) },
    datasets: [`humanoidmaze-${maze}-navigate-v0`, `humanoidmaze-${maze}-stitch-v0`],
  };
}

const SPECS: readonly EnvSpec[] = MAZES.flatMap((maze) => navigationTasks(maze).map((_, k) => spec(maze, k + 1)));

export const humanoidmazeFamily: EnvFamily<Mujoco> = {
  family: 'humanoidmaze',
  defaultTask: NAVIGATION_DEFAULT_TASK,
  specs: () => SPECS.map((s) => structuredClone(s)),
  create(mujoco: Mujoco, id: string): HumanoidMazeEnv {
    const found = SPECS.find((s) => s.id === id);
    if (!found) throw new Error(`humanoidmaze has no env '${id}'`);
    return new HumanoidMazeEnv(mujoco, structuredClone(found), found.id.split('-')[1] as HumanoidMazeName);
  },
};
