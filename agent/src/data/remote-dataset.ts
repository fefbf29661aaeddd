// Fills the agent's in-memory dataset from an env server's DatasetService: GetDatasetInfo, then ReadDataset in
// checksummed chunks of whole transitions. A dropped stream or a chunk whose SHA-256 does not match is resumed
// from the end of the last verified chunk, so no transition is lost, duplicated or taken from a corrupt chunk.
import { credentials as grpcCredentials, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import {
  DatasetLayout, DatasetServiceClient, decodeTensor, type GetDatasetInfoResponse, type ReadDatasetResponse,
} from '@qflow/proto';
import { chunkSha256 } from '@qflow/datasets';
import { clipDatasetActions } from '../training/action-clipping.js';
import { TransitionDataset } from '../training/transition-dataset.js';

export interface RemoteDatasetOptions {
  /** Single-task rewards and masks of task 1..5 (the agent trains on one task). */
  taskId: number;
  /** Transitions per chunk (0: the server's choice). */
  chunkTransitions?: number;
  /** Resumes after a dropped stream or a bad chunk before giving up (default 5). */
  retries?: number;
  /** Delay before resume k is k × retryDelayMs (default 200). */
  retryDelayMs?: number;
  /** Extra rows reserved for online transitions. */
  extraCapacity?: number;
  credentials?: ChannelCredentials;
  /** An existing client (its channel is left open). */
  client?: DatasetServiceClient;
  onProgress?: (done: number, total: number) => void;
}

export interface RemoteDatasetResult {
  dataset: TransitionDataset;
  info: GetDatasetInfoResponse;
  /** Action entries clipped to ±(1 − 1e−5). */
  clipped: number;
  /** How many times the stream was resumed. */
  resumes: number;
}

const FIELDS = ['observations', 'actions', 'rewards', 'masks', 'next_observations'] as const;
/** Statuses after which a resumed read can succeed. */
const RETRYABLE = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.UNKNOWN, status.ABORTED, status.CANCELLED, status.RESOURCE_EXHAUSTED]);

class BadChunk extends Error {}

function getInfo(client: DatasetServiceClient, name: string, taskId: number): Promise<GetDatasetInfoResponse> {
  const request = { name, taskId, layout: DatasetLayout.DATASET_LAYOUT_REGULAR, addInfo: false };
  return new Promise((resolve, reject) => client.getDatasetInfo(request, (e: ServiceError | null, r) => (e ? reject(e) : resolve(r))));
}

function rowWidth(info: GetDatasetInfoResponse, name: string): number {
  const f = info.fields.find((x) => x.name === name);
  if (!f) throw new Error(`dataset '${info.name}' has no '${name}' field (fields: ${info.fields.map((x) => x.name).join(', ')})`);
  return f.shape.reduce((a, b) => a * b, 1);
}

/** Checks a chunk and returns its columns as float32 arrays. */
function unpack(chunk: ReadDatasetResponse, expectedOffset: number, obsDim: number, actDim: number) {
  if (Number(chunk.offset) !== expectedOffset) throw new BadChunk(`chunk at offset ${chunk.offset}, expected ${expectedOffset}`);
  const tensors = FIELDS.map((name, i) => {
    const f = chunk.fields[i];
    if (!f || f.name !== name || !f.tensor) throw new BadChunk(`chunk field ${i} is '${f?.name}', expected '${name}'`);
    return f.tensor;
  });
  if (chunkSha256(tensors.map((t) => t.data)) !== chunk.sha256) throw new BadChunk(`chunk at offset ${expectedOffset}: SHA-256 mismatch`);
  const [observations, actions, rewards, masks, nextObservations] = tensors.map((t) => decodeTensor(t) as Float32Array);
  const n = chunk.count;
  if (observations!.length !== n * obsDim || nextObservations!.length !== n * obsDim || actions!.length !== n * actDim ||
      rewards!.length !== n || masks!.length !== n) {
    throw new BadChunk(`chunk at offset ${expectedOffset}: field sizes do not match ${n} transitions`);
  }
  return { observations: observations!, actions: actions!, rewards: rewards!, masks: masks!, nextObservations: nextObservations! };
}

/** One ReadDataset call from `offset`; appends verified chunks; resolves with the offset reached. */
function readFrom(client: DatasetServiceClient, name: string, offset: number, options: RemoteDatasetOptions,
  sink: (chunk: ReadDatasetResponse, at: number) => void): Promise<{ reached: number; error?: Error }> {
  return new Promise((resolve) => {
    let reached = offset;
    let settled = false;
    const finish = (error?: Error) => { if (!settled) { settled = true; resolve({ reached, error }); } };
    const call = client.readDataset({
      name, offset: BigInt(offset), limit: 0n, chunkTransitions: options.chunkTransitions ?? 0, fields: [...FIELDS], taskId: options.taskId,
      layout: DatasetLayout.DATASET_LAYOUT_REGULAR, addInfo: false,
    });
    call.on('data', (chunk: ReadDatasetResponse) => {
      if (settled) return;
      try {
        sink(chunk, reached);
        reached += chunk.count;
      } catch (err) {
        call.cancel();
        finish(err as Error);
      }
    });
    call.on('error', (err) => finish(err));
    call.on('end', () => finish());
  });
}

export async function fetchRemoteDataset(address: string, name: string, options: RemoteDatasetOptions): Promise<RemoteDatasetResult> {
  if (!Number.isInteger(options.taskId) || options.taskId < 1 || options.taskId > 5) {
    throw new Error(`fetchRemoteDataset: taskId must be 1..5 (rewards and masks of one task), got ${options.taskId}`);
  }
  const client = options.client ?? new DatasetServiceClient(address, options.credentials ?? grpcCredentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 << 20,
  });
  try {
    const info = await getInfo(client, name, options.taskId);
    const total = Number(info.numTransitions);
    const obsDim = rowWidth(info, 'observations');
    const actDim = rowWidth(info, 'actions');
    const dataset = new TransitionDataset(obsDim, actDim, Math.max(1, total + (options.extraCapacity ?? 0)), Math.max(1, total));
    let clipped = 0;
    let resumes = 0;
    let failures = 0; // consecutive attempts that made no progress
    let offset = 0;
    const retries = options.retries ?? 5;
    while (offset < total) {
      const { reached, error } = await readFrom(client, name, offset, options, (chunk, at) => {
        const columns = unpack(chunk, at, obsDim, actDim);
        clipped += clipDatasetActions(columns.actions);
        dataset.appendColumns(columns);
        options.onProgress?.(at + chunk.count, total);
      });
      const progressed = reached > offset;
      offset = reached;
      if (offset >= total) break;
      const code = (error as ServiceError | undefined)?.code;
      const retryable = error === undefined || error instanceof BadChunk || (code !== undefined && RETRYABLE.has(code));
      if (!retryable) throw new Error(`reading dataset '${name}' from ${address}: ${(error as ServiceError).details ?? error!.message}`);
      resumes++;
      failures = progressed ? 1 : failures + 1;
      if (failures > retries) {
        throw new Error(`reading dataset '${name}' from ${address}: gave up at transition ${offset} of ${total} after ${failures} attempts without progress (${error?.message ?? 'stream ended early'})`);
      }
      await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 200) * failures));
    }
    return { dataset, info, clipped, resumes };
  } finally {
    if (!options.client) client.close();
  }
}
