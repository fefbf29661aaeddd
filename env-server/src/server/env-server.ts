// Starting and stopping an env server: gRPC services, health, reflection, the worker pool and leases.
import { randomBytes } from 'node:crypto';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import {
  DatasetServiceService, DEFAULT_MAX_LEASE_SECONDS, EnvironmentServiceService, MAX_MESSAGE_BYTES, serveMetrics,
  type DatasetServiceServer, type MetricsEndpoint,
} from '@qflow/proto';
import { WorkerPool } from '../workers/worker-pool.js';
import { MeasuringThread } from '../workers/measuring-thread.js';
import { bearerTokenInterceptor } from './bearer-token.js';
import { createDatasetService } from './dataset-service.js';
import { type EnvCatalog, loadRegistryCatalog } from './env-catalog.js';
import { EnvCosts } from './env-costs.js';
import { SceneSpecs } from './scene-specs.js';
import { EnvironmentService } from './environment-service.js';
import { HealthService } from './health-service.js';
import { addReflection } from './reflection.js';
import { rejectedCallsInterceptor } from './rejected-calls.js';
import { ServerMetrics } from './server-metrics.js';
import { SessionTable } from './session-table.js';
import { PoseTaps } from '../viewer/pose-taps.js';
import { startViewerServer, type RunningViewer } from '../viewer/viewer-server.js';

export interface ServerOptions {
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Env worker threads; default 1. */
  workers?: number;
  /** Live sessions at most; default 64. */
  maxSessions?: number;
  /** Lease of sessions that do not ask for one, in seconds; default 60 (at most maxLeaseSeconds). */
  leaseSeconds?: number;
  /** Largest lease a session may ask for, in seconds; default DEFAULT_MAX_LEASE_SECONDS. */
  maxLeaseSeconds?: number;
  /** Largest num_envs of one session; default 1024 (an env id's EnvSpec bound is less when a worker holds fewer). */
  maxEnvsPerSession?: number;
  /** Cap on the physics heap bytes each worker hands out to envs; default and maximum: what the backend has. */
  workerHeapBytes?: number;
  /** Env catalog for discovery; default the env registry. */
  catalog?: EnvCatalog;
  /** Module URL the workers build envs with (exports `createEnvBackend`); default MuJoCo + registry. */
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
  /** Serve Prometheus metrics over HTTP at /metrics on this port of `host` (0 = any free port); default: none. */
  metricsPort?: number;
  /** Log sink for lease expiries and shutdown; default silent. */
  log?: (line: string) => void;
  /** Also serve the live viewer (page + WebSocket) over HTTP, or HTTPS with `tls`; it asks for `token` when one is set. */
  viewer?: ViewerOptions;
}

export interface ViewerOptions {
  /** Port of the viewer's HTTP server; 0 picks a free one. */
  port: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Viewers connected at once at most; default 8. */
  maxViewers?: number;
  /** Highest pose rate per viewer (Hz); default 30. */
  maxRate?: number;
}

export interface RunningServer {
  /** host:port to dial. */
  address: string;
  port: number;
  /** host:port of the Prometheus endpoint (path /metrics), when `metricsPort` was given. */
  metricsAddress?: string;
  /** This run's instance id (GetServerInfo.instance_id; the prefix of every session id). */
  instanceId: string;
  /** URL of the live viewer's page, when `viewer` was given. */
  viewerUrl?: string;
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
  const { defaultLeaseSeconds, maxLeaseSeconds } = leaseBounds(options);
  const catalog = options.catalog ?? await loadRegistryCatalog();
  const envFamilies = catalog.specs().map((spec) => spec.family);
  const health = new HealthService(SERVICE_NAMES, 'SERVING');
  let sessions: SessionTable | undefined;
  let closing = false;
  const pool = await WorkerPool.start({
    size: options.workers ?? 1,
    backendUrl: options.backendUrl,
    heapBudgetBytes: options.workerHeapBytes,
    onWorkerLost: (worker, reason) => {
      const dropped = sessions?.dropWorker(worker, reason) ?? [];
      log(`worker ${worker} died (${reason}); lost session(s) ${dropped.join(', ') || 'none'}; starting a replacement`);
    },
    onAvailability: (available) => {
      if (!closing) health.setAll(available ? 'SERVING' : 'NOT_SERVING');
      if (!available && !closing) log('no env worker can take work: health NOT_SERVING until one is ready');
    },
  });
  const instanceId = randomBytes(6).toString('hex');
  sessions = new SessionTable(pool, options.maxSessions ?? 64, instanceId);
  const metrics = options.metricsPort === undefined ? undefined : serverMetrics(pool, sessions);
  const datasetService = options.datasetService ?? createDatasetService({
    datasetDir: options.datasetDir, envFamilies, onBytesStreamed: metrics && ((bytes) => metrics.datasetBytes(bytes)),
  });
  const sideThread = new MeasuringThread(options.backendUrl);
  const costs = new EnvCosts(sideThread);
  const scenes = new SceneSpecs(sideThread);
  const taps = options.viewer ? new PoseTaps() : undefined;
  const environment = new EnvironmentService({
    catalog, pool, sessions, costs, scenes, defaultLeaseSeconds, maxLeaseSeconds,
    maxEnvsPerSession: options.maxEnvsPerSession ?? 1024, stepWatch: taps, metrics,
  });
  const interceptors = [
    ...(metrics ? [rejectedCallsInterceptor((code) => metrics.rejected(code))] : []),
    ...(options.token ? [bearerTokenInterceptor(options.token)] : []),
  ];
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    interceptors,
  });
  server.addService(EnvironmentServiceService, environment.handlers());
  server.addService(DatasetServiceService, datasetService);
  health.addToServer(server);
  addReflection(server);
  let port: number;
  let viewer: RunningViewer | undefined;
  let metricsEndpoint: MetricsEndpoint | undefined;
  try {
    port = await bind(server, hostPort(host, options.port ?? 0), options.tls);
    if (metrics) metricsEndpoint = await serveMetrics(metrics, host, options.metricsPort!).catch((error: Error) => {
      throw new Error(`metrics port ${options.metricsPort} on ${host}: ${error.message}`);
    });
    if (options.viewer && taps) {
      const table = sessions;
      viewer = await startViewerServer({
        ...options.viewer, host: options.viewer.host ?? '127.0.0.1', token: options.token, tls: options.tls, taps,
        sessions: () => table.all(), scene: (envId, taskId) => scenes.of(envId, taskId),
      });
    }
  } catch (error) {
    server.forceShutdown();
    await Promise.all([pool.close(), sideThread.close(), metricsEndpoint?.close()]);
    throw error;
  }
  sessions.startSweeping(SWEEP_INTERVAL_MS, (ids) => log(`lease expired: freed session(s) ${ids.join(', ')}`));
  let closed: Promise<void> | undefined;
  const close = () => closed ??= (async () => {
    closing = true;
    health.setAll('NOT_SERVING');
    health.endWatches();
    await viewer?.close();
    await environment.shutdown();
    await shutdownGracefully(server, options.drainTimeoutMs ?? 10_000);
    sessions.stopSweeping();
    await Promise.all([pool.close(), sideThread.close(), metricsEndpoint?.close()]);
    log('server stopped');
  })();
  return { address: hostPort(host, port), port, metricsAddress: metricsEndpoint?.address, instanceId, viewerUrl: viewer?.url, close };
}

function serverMetrics(pool: WorkerPool, sessions: SessionTable): ServerMetrics {
  return new ServerMetrics({
    live: () => ({ sessions: sessions.size, envs: sessions.all().reduce((n, s) => n + s.numEnvs, 0) }),
    workerBusySeconds: () => pool.busySeconds(),
  });
}

function leaseBounds(options: ServerOptions): { defaultLeaseSeconds: number; maxLeaseSeconds: number } {
  const maxLeaseSeconds = options.maxLeaseSeconds ?? DEFAULT_MAX_LEASE_SECONDS;
  const defaultLeaseSeconds = options.leaseSeconds ?? Math.min(60, maxLeaseSeconds);
  if (!(maxLeaseSeconds > 0 && Number.isFinite(maxLeaseSeconds))) throw new Error(`maxLeaseSeconds must be a positive finite number, got ${maxLeaseSeconds}`);
  if (!(defaultLeaseSeconds > 0 && defaultLeaseSeconds <= maxLeaseSeconds)) {
    throw new Error(`leaseSeconds ${defaultLeaseSeconds} must be positive and at most maxLeaseSeconds (${maxLeaseSeconds})`);
  }
  return { defaultLeaseSeconds, maxLeaseSeconds };
}
