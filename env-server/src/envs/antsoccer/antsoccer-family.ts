// The antsoccer family as the registry sees it: its single-task env ids, their specs, and the factory.
// The registry adds the aliases (`antsoccer-<maze>-singletask-v0` = task4, dataset-style ids).
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { EnvSpec } from '../env.js';
import { AntSoccerEnv } from './antsoccer-env.js';
import { SOCCER_DEFAULT_TASK, soccerTasks, type SoccerMaze } from './antsoccer-tasks.js';

const MAZES: readonly SoccerMaze[] = ['arena', 'medium'];
export const ANTSOCCER_EPISODE_STEPS = 1000;
const OBSERVATION_SIZE = 42;
const ACTION_SIZE = 8;

export function antsoccerEnvId(maze: SoccerMaze, task: number): string {
  return `antsoccer-${maze}-singletask-task${task}-v0`;
}

function spec(maze: SoccerMaze, task: number): EnvSpec {
  return {
    id: antsoccerEnvId(maze, task),
    family: 'antsoccer',
    defaultTask: task,
    numTasks: soccerTasks(maze).length,
    maxEpisodeSteps: ANTSOCCER_EPISODE_STEPS,
    observation: { shape: [OBSERVATION_SIZE], dtype: 'float64' },
    action: { shape: [ACTION_SIZE], dtype: 'float32', low: Array(ACTION_SIZE).fill(-1), high: Array(ACTION_SIZE).fill(1) },
    datasets: [`antsoccer-${maze}-navigate-v0`, `antsoccer-${maze}-stitch-v0`],
  };
}

const SPECS: readonly EnvSpec[] = MAZES.flatMap((maze) => soccerTasks(maze).map((_, k) => spec(maze, k + 1)));

export const antsoccerFamily: EnvFamily<Mujoco> = {
  family: 'antsoccer',
  defaultTask: SOCCER_DEFAULT_TASK,
  specs: () => SPECS.map((s) => structuredClone(s)),
  create(mujoco: Mujoco, id: string): AntSoccerEnv {
    const found = SPECS.find((s) => s.id === id);
    if (!found) throw new Error(`antsoccer has no env '${id}'`);
    return new AntSoccerEnv(mujoco, structuredClone(found), found.id.split('-')[1] as SoccerMaze);
  },
};
