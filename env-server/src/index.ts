export type { ArraySpec, EnvSpec, StepResult, Env } from './envs/env.js';
export { startServer, type ServerOptions, type RunningServer } from './server/env-server.js';
export type { EnvCatalog } from './server/env-catalog.js';
export type { DatasetServiceOptions } from './server/dataset-service.js';
export type { EnvBackend, EnvBackendModule } from './workers/env-backend.js';
export { ExpertPolicy, EXPERT_FORMAT, EXPERT_VERSION } from './experts/expert-policy.js';
export { sceneSpecToJson, type SceneJson, type SceneGeomTypeName } from './viewer/scene-json.js';
export { viewerAsset, readViewerAsset, THREE_IMPORT_MAP, VIEWER_DIR, type ViewerAsset } from './viewer/viewer-assets.js';
