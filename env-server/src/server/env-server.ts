// Starting and stopping an env server: gRPC services, health, reflection, the worker pool and leases.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { DatasetServiceService, EnvironmentServiceService, type DatasetServiceServer } from '@qflow/proto';
import { HealthImplementation } from 'grpc-health-check';
import { WorkerPool } from '../workers/worker-pool.js';
import { bearerTokenInterceptor } from './bearer-token.js';
import { createDatasetService } from './dataset-service.js';
import { type EnvCatalog, loadRegistryCatalog } from './env-catalog.js';
import { EnvironmentService } from './environment-service.js';
import { addReflection } from './reflection.js';
import { SessionTable } from './session-table.js';

export interface ServerOptions {
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Env worker threads; default 1. */
  workers?: number;
  /** Live sessions at most; default 64. */
  maxSessions?: number;
  /** Lease of sessions that do not ask for one, in seconds; default 60. */
  leaseSeconds?: number;
  /** Largest num_envs of one session; default 1024. */
  maxEnvsPerSession?: number;
  /** Env catalog for discovery; default the env registry. */
  catalog?: EnvCatalog;
  /** Module URL the workers build envs with (exports `createEnvFactory`); default MuJoCo + registry. */
  backendUrl?: string;
  /** DatasetService implementation; default `createDatasetService` of dataset-service.js, or UNIMPLEMENTED. */
  datasetService?: DatasetServiceServer;
  /** Dataset store directory handed to the default DatasetService. */
  datasetDir?: string;
  /** Grace period of close() for in-flight calls before they are cancelled, in ms; default 10000. */
  drainTimeoutMs?: number;
  /** PEM certificate chain and private key: serve over TLS instead of plaintext. */
  tls?: { certChain: Buffer; privateKey: Buffer };
  /** When set, every call except health checks needs the metadata `authorization: Bearer <token>`. */
  token?: string;
  /** Log sink for lease expiries and shutdown; default silent. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** host:port to dial. */
  address: string;
  port: number;
  /** Stops accepting calls, drains in-flight ones, ends streams, terminates the workers. */
  close(): Promise<void>;
}

const SERVICE_NAMES = ['', 'qflow.v1.EnvironmentService', 'qflow.v1.DatasetService'];
const SWEEP_INTERVAL_MS = 200;

function bind(server: Server, address: string, tls: ServerOptions['tls']): Promise<number> {
  const credentials = tls
    ? ServerCredentials.createSsl(null, [{ cert_chain: tls.certChain, private_key: tls.privateKey }], false)
    : ServerCredentials.createInsecure();
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdownGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const catalog = options.catalog ?? await loadRegistryCatalog();
  const datasetService = options.datasetService ?? createDatasetService({ datasetDir: options.datasetDir });
  let sessions: SessionTable | undefined;
  const pool = await WorkerPool.start({
    size: options.workers ?? 1,
    backendUrl: options.backendUrl,
    onWorkerLost: (worker, reason) => {
      const dropped = sessions?.dropWorker(worker, reason) ?? [];
      log(`worker ${worker} died (${reason}); lost session(s) ${dropped.join(', ') || 'none'}; starting a replacement`);
    },
  });
  sessions = new SessionTable(pool, options.maxSessions ?? 64);
  const environment = new EnvironmentService({
    catalog, pool, sessions, defaultLeaseSeconds: options.leaseSeconds ?? 60, maxEnvsPerSession: options.maxEnvsPerSession ?? 1024,
  });
  const server = new Server({
    'grpc.max_receive_message_length': 64 << 20,
    'grpc.max_send_message_length': 64 << 20,
    interceptors: options.token ? [bearerTokenInterceptor(options.token)] : [],
  });
  server.addService(EnvironmentServiceService, environment.handlers());
  server.addService(DatasetServiceService, datasetService);
  const health = new HealthImplementation(Object.fromEntries(SERVICE_NAMES.map((name) => [name, 'SERVING' as const])));
  health.addToServer(server);
  addReflection(server);
  let port: number;
  try {
    port = await bind(server, hostPort(host, options.port ?? 0), options.tls);
  } catch (error) {
    await pool.close();
    throw error;
  }
  sessions.startSweeping(SWEEP_INTERVAL_MS, (ids) => log(`lease expired: freed session(s) ${ids.join(', ')}`));
  let closing: Promise<void> | undefined;
  const close = () => closing ??= (async () => {
    for (const name of SERVICE_NAMES) health.setStatus(name, 'NOT_SERVING');
    await environment.shutdown();
    await shutdownGracefully(server, options.drainTimeoutMs ?? 10_000);
    sessions.stopSweeping();
    await pool.close();
    log('server stopped');
  })();
  return { address: hostPort(host, port), port, close };
}
