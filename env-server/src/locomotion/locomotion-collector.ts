// A locomotion dataset's collector and the expert files it runs (docs/datasets.md#generated-datasets): the walker
// (ant-xy or humanoid-xy) from env-server/experts/ or --expert; for antsoccer, the ant-ball dribbler from
// env-server/experts/ant-ball.json or --ball-expert, else the scripted dribbler.
import { defaultExpertPath, hasDefaultExpert, loadExpert, type LoadedExpert } from '../experts/expert-files.js';
import type { Mujoco } from '../physics/mujoco-loader.js';
import { createEnv } from '../envs/registry.js';
import { AntSoccerEnv } from '../envs/antsoccer/antsoccer-env.js';
import { MazeTaskEnv } from '../envs/maze/maze-task-env.js';
import type { EpisodeRows } from '../oracles/episode-collector.js';
import { DirectionWalker } from './direction-walker.js';
import {
  ExpertDribbler, expertDribblerDescription, SCRIPTED_DRIBBLER_DESCRIPTION, ScriptedDribbler, type Dribbler,
} from './dribblers.js';
import type { LocomotionSpec } from './locomotion-datasets.js';
import { MazeCollector } from './maze-collector.js';
import { SoccerCollector } from './soccer-collector.js';

/** Expert file paths, as they cross to the worker threads. */
export interface ExpertPaths {
  walker: string;
  /** Antsoccer: the ant-ball expert; absent = the scripted dribbler. */
  ball?: string;
}

/** Inputs and actions of the experts: the robot observation without root x-y ‖ direction; ant-ball 42 → 8. */
const WIDTHS = {
  'ant-xy': { obsDim: 29, actDim: 8 },
  'humanoid-xy': { obsDim: 69, actDim: 21 },
  'ant-ball': { obsDim: 42, actDim: 8 },
} as const;

/**
 * The expert files for `spec`, checked by loading them once (a missing or mismatched file fails here, before any
 * worker starts), and the provenance facts naming them with their sha256.
 */
export function resolveExperts(spec: LocomotionSpec, overrides: { expert?: string; ballExpert?: string }): { paths: ExpertPaths; provenance: Record<string, string> } {
  const walker = loadExpert(spec.walker, overrides.expert ?? defaultExpertPath(spec.walker), WIDTHS[spec.walker]);
  const provenance: Record<string, string> = { expert: walker.path, expertSha256: walker.sha256 };
  const paths: ExpertPaths = { walker: walker.path };
  if (spec.family === 'antsoccer') {
    const ball = overrides.ballExpert !== undefined || hasDefaultExpert('ant-ball')
      ? loadExpert('ant-ball', overrides.ballExpert ?? defaultExpertPath('ant-ball'), WIDTHS['ant-ball'])
      : undefined;
    provenance['dribbler'] = ball ? expertDribblerDescription(ball.path) : SCRIPTED_DRIBBLER_DESCRIPTION;
    if (ball) {
      paths.ball = ball.path;
      provenance['ballExpert'] = ball.path;
      provenance['ballExpertSha256'] = ball.sha256;
    }
  }
  return { paths, provenance };
}

export interface LocomotionCollector {
  collect(seed: bigint, index: number, length: number): EpisodeRows;
  dispose(): void;
}

/** The collector of `spec` in this thread's MuJoCo instance, with the experts at `paths`. */
export function createLocomotionCollector(mujoco: Mujoco, spec: LocomotionSpec, paths: ExpertPaths): LocomotionCollector {
  const walker = new DirectionWalker(load(spec.walker, paths.walker).policy);
  const env = createEnv(mujoco, spec.envId);
  if (env instanceof AntSoccerEnv) {
    const dribbler: Dribbler = paths.ball
      ? new ExpertDribbler(load('ant-ball', paths.ball).policy, paths.ball)
      : new ScriptedDribbler(walker);
    return new SoccerCollector(env, walker, dribbler, spec);
  }
  if (!(env instanceof MazeTaskEnv)) throw new Error(`${spec.envId} is not a maze env`);
  return new MazeCollector(env, walker, spec);
}

function load(name: keyof typeof WIDTHS, path: string): LoadedExpert {
  return loadExpert(name, path, WIDTHS[name]);
}
