// A plain grpc-js bidirectional echo (raw bytes, no protobuf work): the transport floor that the
// benchmark's streaming step latency is compared against, measured in the same run.
import { Server, ServerCredentials, makeGenericClientConstructor, type ServerDuplexStream } from '@grpc/grpc-js';

const identity = (value: Buffer) => value;

export const ECHO_SERVICE = {
  stream: {
    path: '/qflow.bench.Echo/Stream',
    requestStream: true,
    responseStream: true,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
} as const;

export const EchoClient = makeGenericClientConstructor(ECHO_SERVICE, 'Echo');

/** Starts an echo server on a free loopback port; returns its address and a stop function. */
export async function startEchoServer(): Promise<{ address: string; close(): void }> {
  const server = new Server();
  server.addService(ECHO_SERVICE, {
    stream: (call: ServerDuplexStream<Buffer, Buffer>) => {
      call.on('data', (message: Buffer) => call.write(message));
      call.on('end', () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}
