// The online training envs as the registry sees them (docs/environments.md#direction-following-envs): fixed ids
// with a single task and no dataset, their specs, and the factory.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvFamily } from '../env-family.js';
import type { Env, EnvSpec } from '../env.js';
import { HUMANOID_NU } from '../humanoid/humanoid-robot.js';
import { unitBoxAction } from '../unit-action.js';
import { ANTBALL_OBSERVATION_SIZE, AntBallEnv } from './antball-env.js';
import { ANT_XY_OBSERVATION_SIZE, AntXyEnv } from './ant-xy-env.js';
import { HUMANOID_XY_OBSERVATION_SIZE, HumanoidXyEnv } from './humanoid-xy-env.js';

interface OnlineEnvEntry {
  spec: EnvSpec;
  create(mujoco: Mujoco, spec: EnvSpec): Env;
}

function onlineSpec(id: string, maxEpisodeSteps: number, observationSize: number, actionSize: number): EnvSpec {
  return {
    id,
    family: 'online',
    defaultTask: 1,
    numTasks: 1,
    maxEpisodeSteps,
    observation: { shape: [observationSize], dtype: 'float64' },
    action: unitBoxAction(actionSize),
    datasets: [],
  };
}

const ENTRIES: OnlineEnvEntry[] = [
  { spec: onlineSpec('online-ant-xy-v0', 1000, ANT_XY_OBSERVATION_SIZE, 8), create: (mujoco, spec) => new AntXyEnv(mujoco, spec) },
  { spec: onlineSpec('online-antball-v0', 200, ANTBALL_OBSERVATION_SIZE, 8), create: (mujoco, spec) => new AntBallEnv(mujoco, spec) },
  {
    spec: onlineSpec('online-humanoid-xy-v0', 1000, HUMANOID_XY_OBSERVATION_SIZE, HUMANOID_NU),
    create: (mujoco, spec) => new HumanoidXyEnv(mujoco, spec),
  },
];

export const onlineFamily: EnvFamily<Mujoco> = {
  family: 'online',
  specs: () => ENTRIES.map(({ spec }) => structuredClone(spec)),
  create(mujoco: Mujoco, id: string): Env {
    const entry = ENTRIES.find(({ spec }) => spec.id === id);
    if (!entry) throw new Error(`the online family has no env '${id}'`);
    return entry.create(mujoco, structuredClone(entry.spec));
  },
};
