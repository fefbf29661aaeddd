// The DatasetService over loopback gRPC: listing, info (sha256), chunked reads with per-chunk SHA-256,
// resume from an offset, single-task rewards, and the errors (NOT_FOUND, INVALID_ARGUMENT, DATA_LOSS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ServerCredentials, credentials, status, type ServiceError } from '@grpc/grpc-js';
import {
  DatasetLayout, DatasetServiceClient, DatasetServiceService, decodeTensor, Dtype, type GetDatasetInfoResponse, type ListDatasetsResponse,
  type ReadDatasetResponse,
} from '@qflow/proto';
import { loadDataset, ndarray, writeGeneratedSidecar, writeNpz } from '@qflow/datasets';
import { createDatasetService } from '../src/server/dataset-service.js';

const NAME = 'antmaze-medium-navigate-v0';
let dir: string;
let server: Server;
let client: DatasetServiceClient;

/** 3 episodes of 5 stored rows: 12 transitions. The agent is on task1's goal (20, 20) in rows 1, 6 and 11. */
async function writeStoreFile(path: string): Promise<void> {
  const rows = 15;
  const qpos = new Float32Array(rows * 15);
  for (const r of [1, 6, 11]) qpos.set([20, 20], r * 15);
  await writeNpz(path, {
    observations: ndarray('float32', [rows, 3], Float32Array.from({ length: rows * 3 }, (_, i) => i)),
    actions: ndarray('float32', [rows, 2], Float32Array.from({ length: rows * 2 }, (_, i) => -i)),
    terminals: ndarray('bool', [rows], Uint8Array.from({ length: rows }, (_, i) => (i % 5 === 4 ? 1 : 0))),
    qpos: ndarray('float32', [rows, 15], qpos),
    qvel: ndarray('float32', [rows, 14]),
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qflow-dataset-service-'));
  await writeStoreFile(join(dir, `${NAME}.npz`));
  await writeGeneratedSidecar(join(dir, `${NAME}.npz`), { generator: 'test-writer/1', seed: 2n ** 60n, extra: { note: 'synthetic' } });
  await writeFile(join(dir, 'antmaze-large-navigate-v0.npz'), (await readFile(join(dir, `${NAME}.npz`))).subarray(0, 900));
  server = new Server();
  server.addService(DatasetServiceService, createDatasetService({ datasetDir: dir, envFamilies: ['antmaze', 'online'] }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  client = new DatasetServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
});

after(async () => {
  client.close();
  await new Promise<void>((r) => server.tryShutdown(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function unary<Res>(method: 'listDatasets' | 'getDatasetInfo', request: object): Promise<Res> {
  const full = method === 'getDatasetInfo' ? { layout: 0, addInfo: false, ...request } : request;
  return new Promise((resolve, reject) => {
    (client[method] as Function).call(client, full, (e: ServiceError | null, r: Res) => (e ? reject(e) : resolve(r)));
  });
}

function read(request: object): Promise<ReadDatasetResponse[]> {
  return new Promise((resolve, reject) => {
    const chunks: ReadDatasetResponse[] = [];
    const call = client.readDataset({ name: NAME, offset: 0n, limit: 0n, chunkTransitions: 0, fields: [], taskId: 0, layout: 0, addInfo: false, ...request });
    call.on('data', (c: ReadDatasetResponse) => chunks.push(c));
    call.on('error', reject);
    call.on('end', () => resolve(chunks));
  });
}

function column(chunks: ReadDatasetResponse[], name: string): number[] {
  return chunks.flatMap((c) => [...(decodeTensor(c.fields.find((f) => f.name === name)!.tensor!) as Float32Array)]);
}

test('lists registry names with availability, and only present files with available_only', async () => {
  const all = await unary<ListDatasetsResponse>('listDatasets', { family: 'antmaze', availableOnly: false });
  const medium = all.datasets.find((d) => d.name === NAME)!;
  // The store file's own count (12 transitions, as GetDatasetInfo says), not the registry's OGBench figure (1M).
  const info = await unary<GetDatasetInfoResponse>('getDatasetInfo', { name: NAME, taskId: 0 });
  assert.deepEqual([medium.available, medium.envId, medium.numTransitions], [true, 'antmaze-medium-v0', info.numTransitions]);
  assert.equal(medium.numTransitions, 12n);
  assert.equal(all.datasets.find((d) => d.name === 'antmaze-large-navigate-v0')!.numTransitions, 0n, 'a corrupt file serves nothing');
  assert.equal(all.datasets.find((d) => d.name === 'antmaze-giant-stitch-v0-val')!.available, false);
  const present = await unary<ListDatasetsResponse>('listDatasets', { family: '', availableOnly: true });
  assert.deepEqual(present.datasets.map((d) => d.name), ['antmaze-large-navigate-v0', NAME], 'sidecar .json files are not datasets');
  await assert.rejects(unary('listDatasets', { family: 'pointmaze' }), (e: ServiceError) =>
    e.code === status.INVALID_ARGUMENT && /unknown family 'pointmaze'; valid: antmaze/.test(e.details));
});

test('a family the server hosts envs of but has no datasets (online) lists nothing; the error names it as valid', async () => {
  const online = await unary<ListDatasetsResponse>('listDatasets', { family: 'online', availableOnly: false });
  assert.deepEqual(online.datasets, []);
  await assert.rejects(unary('listDatasets', { family: 'onlin' }), (e: ServiceError) =>
    e.code === status.INVALID_ARGUMENT && /valid: antmaze, .*puzzle, online$/.test(e.details));
});

test('info gives counts, fields, the file sha256 and provenance', async () => {
  const info = await unary<GetDatasetInfoResponse>('getDatasetInfo', { name: NAME, taskId: 2 });
  const sha = createHash('sha256').update(await readFile(join(dir, `${NAME}.npz`))).digest('hex');
  assert.deepEqual([info.numTransitions, info.numEpisodes, info.sha256], [12n, 3n, sha]);
  assert.deepEqual([info.provenance?.source, info.provenance?.generator, info.provenance?.seed, info.provenance?.extra],
    ['generated', 'test-writer/1', 2n ** 60n, { note: 'synthetic' }]);
  assert.deepEqual(info.fields.map((f) => [f.name, f.shape]), [
    ['observations', [3]], ['actions', [2]], ['next_observations', [3]], ['terminals', []], ['rewards', []], ['masks', []]]);
});

test('reads chunks of whole transitions with a valid SHA-256 each, equal to the local loader', async () => {
  const chunks = await read({ chunkTransitions: 5 });
  assert.deepEqual(chunks.map((c) => [c.offset, c.count]), [[0n, 5], [5n, 5], [10n, 2]]);
  for (const c of chunks) {
    const hash = createHash('sha256');
    for (const f of c.fields) hash.update(f.tensor!.data);
    assert.equal(c.sha256, hash.digest('hex'));
  }
  const local = await loadDataset(join(dir, `${NAME}.npz`), { singleTask: { env: 'antmaze-medium', taskId: 1 } });
  assert.deepEqual(column(chunks, 'observations'), [...local.observations.data]);
  assert.deepEqual(column(chunks, 'next_observations'), [...local.nextObservations!.data]);
  assert.deepEqual(column(chunks, 'terminals'), [...local.terminals.data]);
  const task1 = await read({ taskId: 1, fields: ['rewards', 'masks'] });
  assert.deepEqual(column(task1, 'rewards'), [...local.rewards!.data]);
  assert.deepEqual(column(task1, 'rewards'), [-1, 0, -1, -1, -1, 0, -1, -1, -1, 0, -1, -1]);
});

test('resumes from an offset, with a limit', async () => {
  const chunks = await read({ offset: 7n, limit: 4n, chunkTransitions: 3, fields: ['actions'] });
  assert.deepEqual(chunks.map((c) => [c.offset, c.count]), [[7n, 3], [10n, 1]]);
  // Transitions 7..10 are stored rows 8, 10, 11, 12 (row 9 is a terminal row); row r's actions are (−2r, −2r−1).
  assert.deepEqual(column(chunks, 'actions'), [-16, -17, -20, -21, -22, -23, -24, -25]);
  assert.deepEqual(await read({ offset: 12n }), [], 'offset == size streams nothing');
});

test('errors: unknown name, absent file, bad offset/field/task, corrupt file', async () => {
  const expectStatus = (p: Promise<unknown>, code: status, pattern: RegExp) =>
    assert.rejects(p, (e: ServiceError) => e.code === code && pattern.test(e.details));
  await expectStatus(read({ name: 'antmaze-medum-navigate-v0' }), status.NOT_FOUND, /unknown dataset 'antmaze-medum-navigate-v0'; closest: antmaze-medium-navigate-v0/);
  await expectStatus(unary('getDatasetInfo', { name: 'cube-double-play-v0', taskId: 0 }), status.NOT_FOUND, /not available on this server/);
  await expectStatus(read({ offset: 13n }), status.INVALID_ARGUMENT, /offset 13 is beyond the end .* \(12 transitions\)/);
  await expectStatus(read({ fields: ['obs'] }), status.INVALID_ARGUMENT, /unknown field 'obs'; valid: observations, actions/);
  await expectStatus(read({ taskId: 9 }), status.INVALID_ARGUMENT, /task_id must be 0 \(raw dataset\) or 1\.\.5/);
  await expectStatus(read({ chunkTransitions: 4_000_000_000 }), status.INVALID_ARGUMENT, /chunk_transitions/);
  await expectStatus(read({ name: 'antmaze-large-navigate-v0' }), status.DATA_LOSS, /antmaze-large-navigate-v0\.npz/);
});

test('NOT_FOUND for a known but absent dataset does not reveal the store path', async () => {
  for (const call of [unary('getDatasetInfo', { name: 'cube-double-play-v0', taskId: 0 }), read({ name: 'cube-double-play-v0' })]) {
    await assert.rejects(call, (e: ServiceError) => {
      assert.equal(e.code, status.NOT_FOUND);
      assert.ok(!e.details.includes(dir), `the store directory ${dir} leaks in: ${e.details}`);
      assert.match(e.details, /not available on this server \(no <store>\/cube-double-play-v0\.npz\)/);
      return true;
    });
  }
});

test('a read cancelled mid-way by the client can be resumed from the end of its last chunk', async () => {
  const first = await new Promise<ReadDatasetResponse[]>((resolve, reject) => {
    const got: ReadDatasetResponse[] = [];
    const call = client.readDataset({ name: NAME, offset: 0n, limit: 0n, chunkTransitions: 2, fields: ['observations'], taskId: 0, layout: 0, addInfo: false });
    call.on('data', (c: ReadDatasetResponse) => {
      got.push(c);
      if (got.length === 2) call.cancel();
    });
    call.on('error', (e: ServiceError) => (e.code === status.CANCELLED ? resolve(got) : reject(e)));
    call.on('end', () => reject(new Error('the stream ended instead of being cancelled')));
  });
  const resumeAt = Number(first[1]!.offset) + first[1]!.count;
  assert.equal(resumeAt, 4);
  const rest = await read({ offset: BigInt(resumeAt), fields: ['observations'] });
  const local = await loadDataset(join(dir, `${NAME}.npz`));
  assert.deepEqual([...column(first.slice(0, 2), 'observations'), ...column(rest, 'observations')], [...local.observations.data]);
});

test('old requests get the regular layout without info fields, and the answer says so', async () => {
  const info = await unary<GetDatasetInfoResponse>('getDatasetInfo', { name: NAME, taskId: 0 });
  assert.deepEqual([info.layout, info.addInfo], [DatasetLayout.DATASET_LAYOUT_REGULAR, false]);
  assert.deepEqual(info.fields.map((f) => f.name), ['observations', 'actions', 'next_observations', 'terminals']);
});

test('the compact layout: every stored row with valids, equal to the local loader with compact', async () => {
  const request = { name: NAME, taskId: 1, layout: DatasetLayout.DATASET_LAYOUT_COMPACT };
  const info = await unary<GetDatasetInfoResponse>('getDatasetInfo', request);
  assert.deepEqual([info.layout, info.addInfo, info.numTransitions, info.numEpisodes], [DatasetLayout.DATASET_LAYOUT_COMPACT, false, 15n, 3n]);
  assert.deepEqual(info.fields.map((f) => [f.name, f.shape]), [
    ['observations', [3]], ['actions', [2]], ['terminals', []], ['valids', []], ['rewards', []], ['masks', []]]);
  const chunks = await read({ ...request, chunkTransitions: 4 });
  assert.deepEqual(chunks.map((c) => [c.offset, c.count]), [[0n, 4], [4n, 4], [8n, 4], [12n, 3]]);
  const local = await loadDataset(join(dir, `${NAME}.npz`), { compact: true, singleTask: { env: 'antmaze-medium', taskId: 1 } });
  for (const [name, array] of [['observations', local.observations], ['actions', local.actions], ['terminals', local.terminals],
    ['valids', local.valids!], ['rewards', local.rewards!], ['masks', local.masks!]] as const) {
    assert.deepEqual(column(chunks, name), [...array.data], name);
  }
  assert.deepEqual(column(chunks, 'valids'), [1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0]);
  // Offsets count compact rows: row 13 is past the 12 regular transitions.
  assert.deepEqual(column(await read({ ...request, offset: 13n, fields: ['terminals'] }), 'terminals'), [1, 1]);
});

test('add_info streams the qpos and qvel the file holds, in its dtype, with the rows of each layout', async () => {
  const local = await loadDataset(join(dir, `${NAME}.npz`), { addInfo: true });
  const info = await unary<GetDatasetInfoResponse>('getDatasetInfo', { name: NAME, taskId: 0, addInfo: true });
  assert.equal(info.addInfo, true);
  assert.deepEqual(info.fields.map((f) => [f.name, f.shape, f.dtype]).slice(4), [['qpos', [15], Dtype.DTYPE_FLOAT32], ['qvel', [14], Dtype.DTYPE_FLOAT32]]);
  const chunks = await read({ addInfo: true, chunkTransitions: 5 });
  assert.deepEqual(column(chunks, 'qpos'), [...local.qpos!.data]);
  assert.deepEqual(column(chunks, 'qvel'), [...local.qvel!.data]);
  assert.deepEqual(column(chunks, 'observations'), [...local.observations.data]);
  const compact = await loadDataset(join(dir, `${NAME}.npz`), { compact: true, addInfo: true });
  const compactChunks = await read({ addInfo: true, layout: DatasetLayout.DATASET_LAYOUT_COMPACT, fields: ['qpos'] });
  assert.deepEqual(column(compactChunks, 'qpos'), [...compact.qpos!.data]);
  assert.equal(compact.qpos!.shape[0], 15);
});

test('an unknown layout is INVALID_ARGUMENT naming the valid layouts', async () => {
  const pattern = /unknown layout 7; valid: DATASET_LAYOUT_REGULAR .*DATASET_LAYOUT_COMPACT/;
  await assert.rejects(read({ layout: 7 }), (e: ServiceError) => e.code === status.INVALID_ARGUMENT && pattern.test(e.details));
  await assert.rejects(unary('getDatasetInfo', { name: NAME, taskId: 0, layout: 7 }), (e: ServiceError) =>
    e.code === status.INVALID_ARGUMENT && pattern.test(e.details));
});
