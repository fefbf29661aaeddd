// Where the DatasetService plugs into the server. `src/server/dataset-service.ts` (the datasets work) exports
// `createDatasetService(options)`; until that module exists every dataset call answers UNIMPLEMENTED.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { status, type handleServerStreamingCall, type handleUnaryCall } from '@grpc/grpc-js';
import type { DatasetServiceServer } from '@qflow/proto';

/** Options the server hands to `createDatasetService`. */
export interface DatasetServiceOptions {
  /** Dataset store directory (undefined: the datasets package's default). */
  datasetDir?: string;
}

/** The shape of `dataset-service.js`. */
export interface DatasetServiceModule {
  createDatasetService(options: DatasetServiceOptions): DatasetServiceServer | Promise<DatasetServiceServer>;
}

const NOT_YET = 'the dataset service is not implemented on this server yet';

function unimplementedUnary<Req, Res>(): handleUnaryCall<Req, Res> {
  return (_call, callback) => callback({ code: status.UNIMPLEMENTED, details: NOT_YET }, null);
}

function unimplementedStream<Req, Res>(): handleServerStreamingCall<Req, Res> {
  return (call) => call.destroy(Object.assign(new Error(NOT_YET), { code: status.UNIMPLEMENTED, details: NOT_YET }));
}

/** A DatasetService answering UNIMPLEMENTED to every call. */
export function unimplementedDatasetService(): DatasetServiceServer {
  return { listDatasets: unimplementedUnary(), getDatasetInfo: unimplementedUnary(), readDataset: unimplementedStream() };
}

/** The real DatasetService when `dataset-service.js` is built, otherwise the UNIMPLEMENTED one. */
export async function loadDatasetService(options: DatasetServiceOptions): Promise<DatasetServiceServer> {
  const url = new URL('./dataset-service.js', import.meta.url);
  // Only the module's absence selects the fallback; an error inside it must surface.
  if (!existsSync(fileURLToPath(url))) return unimplementedDatasetService();
  const module = (await import(url.href)) as DatasetServiceModule;
  return module.createDatasetService(options);
}
