// gRPC server reflection over the qflow.v1 services and grpc.health.v1, loaded from the .proto files
// bundled in the repository (no network).
import { dirname, resolve } from 'node:path';
import type { Server } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { PROTO_FILES, PROTO_ROOT } from '@qflow/proto';
import { protoPath as healthProtoPath } from 'grpc-health-check';

export function addReflection(server: Server): void {
  // health.proto lives at <root>/health/v1/health.proto and is imported by that relative name.
  const healthRoot = resolve(dirname(healthProtoPath), '..', '..');
  const definition = loadSync([...PROTO_FILES, 'health/v1/health.proto'], {
    includeDirs: [PROTO_ROOT, healthRoot],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  new ReflectionService(definition).addToServer(server);
}
