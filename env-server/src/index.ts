export type { ArraySpec, EnvSpec, StepResult, Env } from './envs/env.js';
