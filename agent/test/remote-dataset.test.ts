// The agent's remote dataset client against a scripted DatasetService on loopback: a complete read, a stream
// dropped mid-way (resumed from the last verified chunk), a corrupt chunk (re-read), and NOT_FOUND.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, ServerCredentials, status, type ServerWritableStream } from '@grpc/grpc-js';
import {
  DatasetLayout, DatasetServiceService, Dtype, encodeTensor, type DatasetServiceServer, type ReadDatasetRequest, type ReadDatasetResponse,
} from '@qflow/proto';
import { chunkSha256 } from '@qflow/datasets';
import { fetchRemoteDataset } from '../src/data/remote-dataset.js';

const N = 1000;
const OBS = 3;
const ACT = 2;
const CHUNK = 64;
const source = {
  observations: Float32Array.from({ length: N * OBS }, (_, i) => i),
  actions: Float32Array.from({ length: N * ACT }, (_, i) => (i === 5 ? 1.5 : (i % 7) / 10)),
  rewards: Float32Array.from({ length: N }, (_, i) => (i % 10 === 0 ? 0 : -1)),
  masks: Float32Array.from({ length: N }, (_, i) => (i % 10 === 0 ? 0 : 1)),
  next_observations: Float32Array.from({ length: N * OBS }, (_, i) => i + OBS),
};
const WIDTH: Record<string, number> = { observations: OBS, actions: ACT, rewards: 1, masks: 1, next_observations: OBS };

type Fault = 'none' | 'drop' | 'corrupt';

function chunkAt(fields: string[], from: number, to: number, corrupt: boolean): ReadDatasetResponse {
  const tensors = fields.map((f) => {
    const w = WIDTH[f]!;
    const rows = source[f as keyof typeof source].slice(from * w, to * w);
    return encodeTensor(rows, w === 1 ? [to - from] : [to - from, w]);
  });
  const sha256 = chunkSha256(tensors.map((t) => t.data));
  if (corrupt) tensors[0]!.data = Buffer.from(tensors[0]!.data.map((b, i) => (i === 0 ? b ^ 1 : b)));
  return { offset: BigInt(from), count: to - from, fields: fields.map((name, i) => ({ name, tensor: tensors[i] })), sha256 };
}

async function withServer(fault: Fault, fn: (address: string, offsets: number[]) => Promise<void>): Promise<void> {
  const offsets: number[] = [];
  let calls = 0;
  const service: DatasetServiceServer = {
    listDatasets: (_call, cb) => cb(null, { datasets: [] }),
    getDatasetInfo(call, cb) {
      if (call.request.name !== 'toy-v0') return cb({ code: status.NOT_FOUND, details: `unknown dataset '${call.request.name}'` }, null);
      cb(null, {
        name: 'toy-v0', envId: 'toy', numTransitions: BigInt(N), numEpisodes: 10n, sizeBytes: 0n, sha256: '', provenance: undefined,
        layout: DatasetLayout.DATASET_LAYOUT_REGULAR, addInfo: false,
        fields: Object.keys(WIDTH).map((name) => ({ name, shape: WIDTH[name] === 1 ? [] : [WIDTH[name]!], dtype: Dtype.DTYPE_FLOAT32 })),
      });
    },
    readDataset(call: ServerWritableStream<ReadDatasetRequest, ReadDatasetResponse>) {
      const first = calls++ === 0;
      const start = Number(call.request.offset);
      offsets.push(start);
      let sent = 0;
      for (let at = start; at < N; at += CHUNK, sent++) {
        if (first && fault === 'drop' && sent === 3) {
          call.emit('error', Object.assign(new Error('server going away'), { code: status.UNAVAILABLE, details: 'server going away' }));
          return;
        }
        call.write(chunkAt(call.request.fields, at, Math.min(N, at + CHUNK), first && fault === 'corrupt' && sent === 1));
      }
      call.end();
    },
  };
  const server = new Server();
  server.addService(DatasetServiceService, service);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  try {
    await fn(`127.0.0.1:${port}`, offsets);
  } finally {
    server.forceShutdown();
  }
}

function assertComplete(d: import('../src/training/transition-dataset.js').TransitionDataset): void {
  assert.equal(d.size, N);
  assert.deepEqual(d.observations, source.observations);
  assert.deepEqual(d.nextObservations, source.next_observations);
  assert.deepEqual(d.rewards, source.rewards);
  assert.deepEqual(d.masks, source.masks);
  const expectedActions = Float32Array.from(source.actions, (a) => Math.min(a, Math.fround(1 - 1e-5)));
  assert.deepEqual(d.actions, expectedActions);
}

test('fills the dataset from a complete stream, clipping actions', async () => {
  await withServer('none', async (address, offsets) => {
    const r = await fetchRemoteDataset(address, 'toy-v0', { taskId: 1, extraCapacity: 10 });
    assertComplete(r.dataset);
    assert.deepEqual([r.clipped, r.resumes, offsets], [1, 0, [0]]);
    assert.equal(r.dataset.capacity, N + 10);
  });
});

test('a stream dropped after 3 chunks resumes from transition 192', async () => {
  await withServer('drop', async (address, offsets) => {
    const r = await fetchRemoteDataset(address, 'toy-v0', { taskId: 1, retryDelayMs: 5 });
    assertComplete(r.dataset);
    assert.deepEqual([r.resumes, offsets], [1, [0, 3 * CHUNK]]);
  });
});

test('a chunk failing its SHA-256 is discarded and re-read from its offset', async () => {
  await withServer('corrupt', async (address, offsets) => {
    const r = await fetchRemoteDataset(address, 'toy-v0', { taskId: 1, retryDelayMs: 5 });
    assertComplete(r.dataset);
    assert.deepEqual([r.resumes, offsets], [1, [0, CHUNK]]);
  });
});

test('an unknown dataset or a bad task id is a clear error', async () => {
  await withServer('none', async (address) => {
    await assert.rejects(fetchRemoteDataset(address, 'nope-v0', { taskId: 1 }), /unknown dataset 'nope-v0'/);
    await assert.rejects(fetchRemoteDataset(address, 'toy-v0', { taskId: 0 }), /taskId must be 1\.\.5/);
  });
});
