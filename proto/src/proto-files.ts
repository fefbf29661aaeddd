// Locations of the .proto sources shipped with this package, for runtime loaders (server reflection,
// @grpc/proto-loader clients in other tools).
import { fileURLToPath } from 'node:url';

/** Absolute path of the folder holding `qflow/v1/*.proto` (the buf module root). */
export const PROTO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The .proto files of qflow.v1, relative to PROTO_ROOT. */
export const PROTO_FILES = ['qflow/v1/tensor.proto', 'qflow/v1/scene.proto', 'qflow/v1/environment.proto', 'qflow/v1/dataset.proto'];
