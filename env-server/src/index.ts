export type { ArraySpec, EnvSpec, StepResult, Env } from './envs/env.js';
export { startServer, type ServerOptions, type RunningServer } from './server/env-server.js';
export type { EnvCatalog } from './server/env-catalog.js';
export type { DatasetServiceOptions, DatasetServiceModule } from './server/dataset-service-slot.js';
export type { EnvFactory, EnvBackendModule } from './workers/env-backend.js';
