// The locomotion experts, by the name `qflow experts train NAME` knows them, and the direction-following env each is
// trained on (docs/environments.md#direction-following-envs). The agent trains them; the env server runs them.

export const EXPERT_ENV_IDS = {
  'ant-xy': 'online-ant-xy-v0',
  'ant-ball': 'online-antball-v0',
  'humanoid-xy': 'online-humanoid-xy-v0',
} as const;

export type ExpertName = keyof typeof EXPERT_ENV_IDS;
export const EXPERT_NAMES = Object.keys(EXPERT_ENV_IDS) as ExpertName[];
