// The qflow/v1 wire protocol: generated messages and gRPC service definitions, plus tensor packing helpers.
export * from './gen/qflow/v1/tensor.js';
export * from './gen/qflow/v1/scene.js';
export * from './gen/qflow/v1/environment.js';
export * from './gen/qflow/v1/dataset.js';
export * from './tensor-codec.js';
export * from './proto-files.js';
export * from './limits.js';
export * from './episode-recording.js';
export * from './metrics-endpoint.js';
export * from './conformance/index.js';
