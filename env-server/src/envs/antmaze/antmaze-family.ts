// The antmaze family as the registry sees it: its single-task env ids, their specs, and the factory.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { EnvSpec } from '../env.js';
import { NAVIGATION_DEFAULT_TASK, navigationTasks, type NavigationMaze } from '../maze/navigation-tasks.js';
import { AntMazeEnv } from './antmaze-env.js';

const MAZES: readonly NavigationMaze[] = ['medium', 'large', 'giant', 'teleport'];
const EPISODE_STEPS = 1000;
const OBSERVATION_SIZE = 29;
const ACTION_SIZE = 8;

/** OGBench dataset kinds per maze (spec §8.1: giant has no explore dataset). */
const DATASET_KINDS: Record<NavigationMaze, readonly string[]> = {
  medium: ['navigate', 'stitch', 'explore'],
  large: ['navigate', 'stitch', 'explore'],
  giant: ['navigate', 'stitch'],
  teleport: ['navigate', 'stitch', 'explore'],
};

export function antmazeEnvId(maze: NavigationMaze, task: number): string {
  return `antmaze-${maze}-singletask-task${task}-v0`;
}

function spec(maze: NavigationMaze, task: number): EnvSpec {
  return {
    id: antmazeEnvId(maze, task),
    family: 'antmaze',
    defaultTask: task,
    numTasks: navigationTasks(maze).length,
    maxEpisodeSteps: EPISODE_STEPS,
    observation: { shape: [OBSERVATION_SIZE], dtype: 'float64' },
    action: { shape: [ACTION_SIZE], dtype: 'float32', low: Array(ACTION_SIZE).fill(-1), high: Array(ACTION_SIZE).fill(1) },
    datasets: DATASET_KINDS[maze].map((kind) => `antmaze-${maze}-${kind}-v0`),
  };
}

const SPECS: readonly EnvSpec[] = MAZES.flatMap((maze) =>
  navigationTasks(maze).map((_, k) => spec(maze, k + 1)),
);

const MAZE_OF = new Map<string, NavigationMaze>(SPECS.map((s) => [s.id, s.id.split('-')[1] as NavigationMaze]));

export const antmazeFamily: EnvFamily<Mujoco> = {
  family: 'antmaze',
  defaultTask: NAVIGATION_DEFAULT_TASK,
  specs: () => SPECS.map((s) => structuredClone(s)),
  create(mujoco: Mujoco, id: string): AntMazeEnv {
    const maze = MAZE_OF.get(id);
    const found = SPECS.find((s) => s.id === id);
    if (!maze || !found) throw new Error(`antmaze has no env '${id}'`);
    return new AntMazeEnv(mujoco, structuredClone(found), maze);
  },
};
