// Optional security settings: a bearer token (calls without it end UNAUTHENTICATED; health checks stay
// open) and TLS (a TLS client trusting the certificate connects; a plaintext client cannot).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Metadata, credentials, makeClientConstructor, status, type Client as GrpcClient } from '@grpc/grpc-js';
import { EnvironmentServiceClient } from '@qflow/proto';
import { service as healthService } from 'grpc-health-check';
import type { RunningServer } from '../src/index.js';
import { startFakeServer } from './support/server-harness.js';

let server: RunningServer;
let client: EnvironmentServiceClient;

before(async () => {
  server = await startFakeServer({ token: 's3cret' });
  client = new EnvironmentServiceClient(server.address, credentials.createInsecure());
});

after(async () => {
  client.close();
  await server.close();
});

function serverInfo(authorization?: string): Promise<unknown> {
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  return new Promise((resolve, reject) => client.getServerInfo({}, metadata, (e, r) => (e ? reject(e) : resolve(r))));
}

test('calls without the right bearer token are UNAUTHENTICATED', async () => {
  for (const authorization of [undefined, 'Bearer wrong', 's3cret', 'Bearer s3cret2']) {
    await assert.rejects(serverInfo(authorization), (e: { code: number; details: string }) =>
      e.code === status.UNAUTHENTICATED && /bearer token/.test(e.details));
  }
  await serverInfo('Bearer s3cret');
});

test('the Bearer scheme is matched case-insensitively, the token exactly (RFC 6750)', async () => {
  for (const authorization of ['bearer s3cret', 'BEARER s3cret', 'bEaReR s3cret']) await serverInfo(authorization);
  for (const authorization of ['bearer S3CRET', 'bearers3cret', 'Basic s3cret']) {
    await assert.rejects(serverInfo(authorization), (e: { code: number }) => e.code === status.UNAUTHENTICATED, authorization);
  }
});

test('health checks need no token', async () => {
  const Health = makeClientConstructor(healthService, 'Health');
  const health = new Health(server.address, credentials.createInsecure()) as GrpcClient & Record<string, Function>;
  const response = await new Promise<{ status: string }>((resolve, reject) =>
    health['check']!({ service: '' }, (e: Error | null, r: { status: string }) => (e ? reject(e) : resolve(r))));
  assert.equal(response.status, 'SERVING');
  health.close();
});

test('a TLS server answers TLS clients and refuses plaintext ones', async () => {
  const fixture = (name: string) => readFileSync(new URL(`../../test/support/server-tls-fixture/${name}`, import.meta.url));
  const tlsServer = await startFakeServer({ tls: { certChain: fixture('cert.pem'), privateKey: fixture('key.pem') } });
  const info = (c: EnvironmentServiceClient) => new Promise((resolve, reject) =>
    c.getServerInfo({}, new Metadata(), { deadline: Date.now() + 5000 }, (e, r) => (e ? reject(e) : resolve(r))));
  const secure = new EnvironmentServiceClient(tlsServer.address, credentials.createSsl(fixture('cert.pem')));
  const plain = new EnvironmentServiceClient(tlsServer.address, credentials.createInsecure());
  try {
    assert.equal(((await info(secure)) as { protocolVersion: string }).protocolVersion, 'qflow.v1');
    await assert.rejects(info(plain), (e: { code: number }) => e.code === status.UNAVAILABLE || e.code === status.DEADLINE_EXCEEDED);
  } finally {
    secure.close();
    plain.close();
    await tlsServer.close();
  }
});
