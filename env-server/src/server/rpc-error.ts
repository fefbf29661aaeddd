// Errors that become gRPC statuses: handlers throw RpcError (or a TensorError / WorkerCommandError, which
// map to INVALID_ARGUMENT / their own code); `toStatus` turns anything thrown into { code, details }.
import { status, type StatusObject } from '@grpc/grpc-js';
import { TensorError } from '@qflow/proto';
import { WorkerCommandError } from '../workers/worker-pool.js';

export class RpcError extends Error {
  constructor(readonly code: status, message: string) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new RpcError(status.NOT_FOUND, message);
export const resourceExhausted = (message: string) => new RpcError(status.RESOURCE_EXHAUSTED, message);
export const unavailable = (message: string) => new RpcError(status.UNAVAILABLE, message);

/** The gRPC status for anything a handler threw. Unexpected errors are INTERNAL with their message. */
export function toStatus(error: unknown): Pick<StatusObject, 'code' | 'details'> {
  if (error instanceof RpcError) return { code: error.code, details: error.message };
  if (error instanceof TensorError) return { code: status.INVALID_ARGUMENT, details: error.message };
  if (error instanceof WorkerCommandError) return { code: status[error.code], details: error.message };
  return { code: status.INTERNAL, details: `internal error: ${(error as Error)?.message ?? String(error)}` };
}
