// Discovery, health checking and server reflection on a real server (fake envs), and the default DatasetService.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { credentials, loadPackageDefinition, makeClientConstructor, status, type Client as GrpcClient } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { DatasetServiceClient, Dtype } from '@qflow/proto';
import { service as healthService } from 'grpc-health-check';
import descriptors from 'protobufjs/ext/descriptor/index.js';
import type { RunningServer } from '../src/index.js';
import { FAKE_ALIAS, FAKE_ENV_ID } from './support/server-fake-env.js';
import { Client, startFakeServer } from './support/server-harness.js';

let server: RunningServer;
const datasetDir = mkdtempSync(join(tmpdir(), 'qflow-discovery-'));
let client: Client;

before(async () => {
  server = await startFakeServer({ workers: 2, maxSessions: 7, leaseSeconds: 30, datasetDir });
  client = new Client(server.address);
});

after(async () => {
  client.dispose();
  await server.close();
  rmSync(datasetDir, { recursive: true, force: true });
});

test('discovery lists families, specs with bounds, and resolves aliases', async () => {
  const info = await client.unary<Record<string, unknown>>('getServerInfo', {});
  assert.equal(info['protocolVersion'], 'qflow.v1');
  assert.equal(info['numWorkers'], 2);
  assert.equal(info['maxSessions'], 7);
  assert.equal(info['defaultLeaseSeconds'], 30);
  const families = await client.unary<{ families: { name: string; envIds: string[]; datasetNames: string[] }[] }>('listFamilies', {});
  assert.deepEqual(families.families, [{ name: 'fakepoint', envIds: [FAKE_ENV_ID], datasetNames: ['fakepoint-navigate-v0'] }]);
  const envs = await client.unary<{ envs: { id: string; action: { shape: number[]; dtype: number; low: number[]; high: number[] } }[] }>('listEnvs', { family: '' });
  assert.equal(envs.envs[0]!.id, FAKE_ENV_ID);
  assert.deepEqual(envs.envs[0]!.action, { shape: [2], dtype: Dtype.DTYPE_FLOAT32, low: [-1, -1], high: [1, 1] });
  await assert.rejects(client.unary('listEnvs', { family: 'cube' }), /unknown family 'cube'; valid: fakepoint/);
  const spec = await client.unary<{ spec: { id: string; defaultTask: number; maxEpisodeSteps: number } }>('getEnvSpec', { envId: FAKE_ALIAS });
  assert.equal(spec.spec.id, FAKE_ENV_ID);
  assert.equal(spec.spec.maxEpisodeSteps, 20);
});

test('every spec message carries the env id\'s max_envs_per_session, and GetServerInfo the smallest', async () => {
  // The fake envs cost 1 MiB of a 1024 MiB heap; the cap is the default 1024.
  const info = await client.unary<{ maxEnvsPerSession: number }>('getServerInfo', {});
  const listed = await client.unary<{ envs: { maxEnvsPerSession: number }[] }>('listEnvs', { family: '' });
  const got = await client.unary<{ spec: { maxEnvsPerSession: number } }>('getEnvSpec', { envId: FAKE_ENV_ID });
  const created = await client.createSession(FAKE_ENV_ID, 1);
  const attached = await client.attach(created.sessionId);
  await client.close(created.sessionId);
  const bounds = [listed.envs[0]!, got.spec, created.spec!, attached.spec!].map((s) => s.maxEnvsPerSession);
  assert.deepEqual(bounds, [1024, 1024, 1024, 1024]);
  assert.equal(info.maxEnvsPerSession, 1024);
});

test('health check answers SERVING for the server and each service', async () => {
  const Health = makeClientConstructor(healthService, 'Health');
  const health = new Health(server.address, credentials.createInsecure()) as GrpcClient & Record<string, Function>;
  const check = (service: string) => new Promise<{ status: string }>((resolve, reject) =>
    health['check']!({ service }, (error: Error | null, response: { status: string }) => (error ? reject(error) : resolve(response))));
  for (const service of ['', 'qflow.v1.EnvironmentService', 'qflow.v1.DatasetService']) {
    assert.equal((await check(service)).status, 'SERVING', `health of '${service}'`);
  }
  await assert.rejects(check('no.such.Service'), (e: { code: number }) => e.code === status.NOT_FOUND);
  health.close();
});

test('reflection lists the services and describes qflow.v1 messages', async () => {
  const reflectionDir = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto');
  const definition = loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [reflectionDir] });
  const grpcPackage = loadPackageDefinition(definition) as any;
  const reflection = new grpcPackage.grpc.reflection.v1.ServerReflection(server.address, credentials.createInsecure());
  const ask = (request: object) => new Promise<any>((resolve, reject) => {
    const call = reflection.ServerReflectionInfo();
    call.on('data', resolve);
    call.on('error', reject);
    call.write(request);
    call.end();
  });
  const listed = await ask({ listServices: '*' });
  const names = listed.listServicesResponse.service.map((s: { name: string }) => s.name).sort();
  for (const name of ['grpc.health.v1.Health', 'qflow.v1.DatasetService', 'qflow.v1.EnvironmentService']) assert.ok(names.includes(name), `${name} in ${names}`);
  const described = await ask({ fileContainingSymbol: 'qflow.v1.StepResponse' });
  assert.ok(described.fileDescriptorResponse.fileDescriptorProto.length > 0);
  reflection.close();
});

test('reflection serves the real qflow/v1/*.proto file names, and lookup by file name works', async () => {
  const reflectionDir = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto');
  const grpcPackage = loadPackageDefinition(loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [reflectionDir] })) as any;
  const reflection = new grpcPackage.grpc.reflection.v1.ServerReflection(server.address, credentials.createInsecure());
  const files = (request: object) => new Promise<{ name: string; dependency: string[]; messageType: { name: string }[]; service: { name: string }[] }[]>((resolve, reject) => {
    const call = reflection.ServerReflectionInfo();
    call.on('data', (response: any) => {
      if (response.errorResponse) reject(new Error(response.errorResponse.errorMessage));
      else resolve(response.fileDescriptorResponse.fileDescriptorProto.map((bytes: Buffer) =>
        descriptors.FileDescriptorProto.toObject(descriptors.FileDescriptorProto.decode(bytes), { arrays: true })));
    });
    call.on('error', reject);
    call.write(request);
    call.end();
  });
  const environment = await files({ fileByFilename: 'qflow/v1/environment.proto' });
  assert.equal(environment[0]!.name, 'qflow/v1/environment.proto');
  assert.deepEqual(environment[0]!.dependency, ['qflow/v1/scene.proto', 'qflow/v1/tensor.proto']);
  assert.deepEqual(environment[0]!.service.map((s) => s.name), ['EnvironmentService']);
  assert.ok(environment.some((f) => f.name === 'qflow/v1/tensor.proto'), 'dependencies come along');
  assert.ok(environment.some((f) => f.name === 'qflow/v1/scene.proto'), 'dependencies come along');
  const tensor = await files({ fileByFilename: 'qflow/v1/tensor.proto' });
  assert.deepEqual(tensor[0]!.messageType.map((m) => m.name).sort(), ['ArraySpec', 'Tensor']);
  assert.equal((await files({ fileByFilename: 'qflow/v1/dataset.proto' }))[0]!.service[0]!.name, 'DatasetService');
  assert.equal((await files({ fileContainingSymbol: 'qflow.v1.StepResponse' }))[0]!.name, 'qflow/v1/environment.proto');
  assert.equal((await files({ fileContainingSymbol: 'qflow.v1.SceneSpec' }))[0]!.name, 'qflow/v1/scene.proto');
  assert.equal((await files({ fileContainingSymbol: 'grpc.health.v1.Health' }))[0]!.name, 'health/v1/health.proto');
  reflection.close();
});

test('the server hosts the DatasetService by default, listing the registry from its store', async () => {
  const datasets = new DatasetServiceClient(server.address, credentials.createInsecure());
  const listed = await new Promise<{ datasets: { name: string }[] }>((resolve, reject) =>
    datasets.listDatasets({ family: 'antmaze', availableOnly: false }, (e, r) => (e ? reject(e) : resolve(r!))));
  assert.ok(listed.datasets.some((d) => d.name === 'antmaze-large-navigate-v0'));
  datasets.close();
});
