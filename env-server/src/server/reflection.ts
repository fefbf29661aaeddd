// gRPC server reflection over the qflow.v1 services and grpc.health.v1, loaded from the .proto files
// bundled in the repository (no network). proto-loader describes each package as one synthetic file
// ("qflow_v1.proto"); reflection clients look files up by their real names, so the descriptors are split
// back into qflow/v1/*.proto (by which file declares each top-level type) and health/v1/health.proto.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Server } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { PROTO_FILES, PROTO_ROOT } from '@qflow/proto';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import protobuf from 'protobufjs';
import descriptors from 'protobufjs/ext/descriptor/index.js';

const HEALTH_FILE = 'health/v1/health.proto';

interface FileDescriptor {
  name: string;
  package: string;
  dependency: string[];
  messageType: { name: string }[];
  enumType: { name: string }[];
  service: { name: string }[];
}

/** What one .proto file declares: its package, the names of its top-level types, and its imports. */
interface Declarations {
  package: string;
  names: Set<string>;
  imports: string[];
}

function declarations(root: string, file: string): Declarations {
  const parsed = protobuf.parse(readFileSync(join(root, file), 'utf8'), { keepCase: true });
  const pkg = parsed.package ? parsed.root.lookup(parsed.package) as protobuf.Namespace : parsed.root;
  return { package: parsed.package ?? '', names: new Set(pkg.nestedArray.map((n) => n.name)), imports: parsed.imports ?? [] };
}

/** The part of a package's synthetic descriptor that file `name` declares, under that name. */
function fileOf(combined: FileDescriptor, name: string, declared: Declarations): FileDescriptor {
  return {
    ...combined,
    name,
    dependency: declared.imports,
    messageType: combined.messageType.filter((t) => declared.names.has(t.name)),
    enumType: combined.enumType.filter((t) => declared.names.has(t.name)),
    service: combined.service.filter((t) => declared.names.has(t.name)),
  };
}

/** Encoded descriptors of the real files (`files`: file name → include root), split from proto-loader's. */
function realFileDescriptors(definition: PackageDefinition, files: Map<string, string>): Buffer[] {
  const byPackage = new Map<string, FileDescriptor>();
  for (const d of Object.values(definition)) {
    for (const bytes of ('fileDescriptorProtos' in d ? d.fileDescriptorProtos as Buffer[] : [])) {
      const file = descriptors.FileDescriptorProto.toObject(descriptors.FileDescriptorProto.decode(bytes), { arrays: true }) as FileDescriptor;
      byPackage.set(file.package, file);
    }
  }
  return [...files].map(([name, root]) => {
    const declared = declarations(root, name);
    const file = fileOf(byPackage.get(declared.package)!, name, declared);
    return Buffer.from(descriptors.FileDescriptorProto.encode(descriptors.FileDescriptorProto.fromObject(file)).finish());
  });
}

export function addReflection(server: Server): void {
  // health.proto lives at <root>/health/v1/health.proto and is imported by that relative name.
  const healthRoot = resolve(dirname(healthProtoPath), '..', '..');
  const definition = loadSync([...PROTO_FILES, HEALTH_FILE], {
    includeDirs: [PROTO_ROOT, healthRoot],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const roots = new Map<string, string>([...PROTO_FILES.map((f) => [f, PROTO_ROOT] as const), [HEALTH_FILE, healthRoot]]);
  const files = realFileDescriptors(definition, roots);
  const withRealFiles = Object.fromEntries(Object.entries(definition).map(([name, d]) =>
    [name, 'fileDescriptorProtos' in d ? { ...d, fileDescriptorProtos: files } : d]));
  new ReflectionService(withRealFiles as PackageDefinition).addToServer(server);
}
