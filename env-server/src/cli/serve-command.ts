// `qflow serve`: runs an env server until SIGTERM or SIGINT, then drains in-flight calls and exits 0.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_LEASE_SECONDS } from '@qflow/proto';
import { startServer } from '../server/env-server.js';

const HELP = `usage: qflow serve [options]

Start a gRPC env server (qflow.v1 EnvironmentService and DatasetService, health, reflection).

options:
  --host HOST            interface to bind (default 127.0.0.1, loopback only; 0.0.0.0 for all)
  --port PORT            TCP port, 0 = any free port (default 50051)
  --workers N            env worker threads, one MuJoCo instance each (default: CPU count, ${availableParallelism()} here)
  --max-sessions N       live sessions at most; more answer RESOURCE_EXHAUSTED (default 64)
  --lease-seconds S      idle time after which a session is freed, unless it asks for its own
                         (default 60, or --max-lease-seconds when lower)
  --max-lease-seconds S  largest lease a session may ask for; larger requests answer INVALID_ARGUMENT
                         (default ${DEFAULT_MAX_LEASE_SECONDS})
  --max-envs N           largest num_envs of one session (default 1024; less for an env id of which a
                         worker's MuJoCo heap holds fewer: see each EnvSpec's max_envs_per_session)
  --dataset-dir DIR      dataset store the DatasetService serves (default: the datasets package's default)
  --tls-cert FILE        PEM certificate chain: serve over TLS (needs --tls-key)
  --tls-key FILE         PEM private key of --tls-cert
  --drain-seconds S      on SIGTERM/SIGINT, how long in-flight calls may finish before they are cancelled
                         (default 10; keep it below the orchestrator's grace period)
  --metrics-port PORT    serve Prometheus metrics at http://HOST:PORT/metrics, on the same --host as the gRPC
                         port (0 = any free port; default: no metrics endpoint)
  --token-env VAR        require the bearer token held in environment variable VAR on every call
                         (metadata "authorization: Bearer <token>"; health checks stay open)
  --viewer-port PORT     also serve the live viewer: a web page (http://HOST:PORT/, https with --tls-cert) that
                         lists live sessions and draws a chosen env in 3D as it is stepped (0 = any free port;
                         default: off)
  --viewer-host HOST     interface of the viewer (default 127.0.0.1, loopback only); a non-loopback host
                         needs --token-env (the page then asks for the token) or --viewer-allow-remote
  --viewer-allow-remote  serve the viewer on a non-loopback --viewer-host without a token: anyone who can
                         reach it sees every live session
  -h, --help             show this help

On SIGTERM or SIGINT the server stops accepting calls, finishes in-flight ones (an open StepStream answers the
requests it received, then ends with UNAVAILABLE), and exits with status 0.`;

const DEFAULT_LEASE_SECONDS = 60;

export const SERVE_OPTIONS = {
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '50051' },
  workers: { type: 'string', default: String(availableParallelism()) },
  'max-sessions': { type: 'string', default: '64' },
  'lease-seconds': { type: 'string' },
  'max-lease-seconds': { type: 'string', default: String(DEFAULT_MAX_LEASE_SECONDS) },
  'max-envs': { type: 'string', default: '1024' },
  'dataset-dir': { type: 'string' },
  'token-env': { type: 'string' },
  'metrics-port': { type: 'string' },
  'drain-seconds': { type: 'string', default: '10' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'viewer-port': { type: 'string' },
  'viewer-host': { type: 'string', default: '127.0.0.1' },
  'viewer-allow-remote': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`--${name} must be an integer in ${min}..${max}, got '${text}'`);
  }
  return value;
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number of seconds, got '${text}'`);
  return value;
}

/** The token in environment variable `name` (tokens stay out of the process list). */
function tokenFrom(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const token = process.env[name];
  if (!token) throw new Error(`--token-env ${name}: environment variable ${name} is unset or empty`);
  return token;
}

function tlsFrom(certFile: string | undefined, keyFile: string | undefined) {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) throw new Error('--tls-cert and --tls-key go together: give both or neither');
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${flag} ${file}: ${(error as Error).message}`);
    }
  };
  return { certChain: read('--tls-cert', certFile), privateKey: read('--tls-key', keyFile) };
}

/** Loopback interfaces: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The viewer options, or undefined without --viewer-port; a non-loopback host needs a token or the explicit flag. */
function viewerFrom(port: string | undefined, host: string, token: string | undefined, allowRemote: boolean) {
  if (port === undefined) return undefined;
  if (!isLoopbackHost(host) && token === undefined && !allowRemote) {
    throw new Error(`--viewer-host ${host} is not loopback: the viewer shows every live session, so give --token-env ` +
      '(the page asks for the token), or --viewer-allow-remote to serve it without one, or a loopback host (127.0.0.1, ::1)');
  }
  return { port: integer('viewer-port', port, 0, 65535), host };
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: SERVE_OPTIONS,
    }));
  } catch (error) {
    console.error(`qflow serve: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let options;
  try {
    const token = tokenFrom(values['token-env']);
    options = {
      host: values.host,
      port: integer('port', values.port, 0, 65535),
      workers: integer('workers', values.workers, 1, 256),
      maxSessions: integer('max-sessions', values['max-sessions'], 1, 1_000_000),
      leaseSeconds: values['lease-seconds'] === undefined ? undefined : positive('lease-seconds', values['lease-seconds']),
      maxLeaseSeconds: positive('max-lease-seconds', values['max-lease-seconds']),
      maxEnvsPerSession: integer('max-envs', values['max-envs'], 1, 1_000_000),
      datasetDir: values['dataset-dir'],
      token,
      tls: tlsFrom(values['tls-cert'], values['tls-key']),
      viewer: viewerFrom(values['viewer-port'], values['viewer-host'], token, values['viewer-allow-remote']),
      drainTimeoutMs: positive('drain-seconds', values['drain-seconds']) * 1000,
      metricsPort: values['metrics-port'] === undefined ? undefined : integer('metrics-port', values['metrics-port'], 0, 65535),
    };
    if (options.metricsPort !== undefined && options.metricsPort !== 0 && options.metricsPort === options.port) {
      throw new Error(`--metrics-port ${options.metricsPort} is the gRPC --port too; give two different ports`);
    }
  } catch (error) {
    console.error(`qflow serve: ${(error as Error).message}`);
    return 2;
  }
  const log = (line: string) => console.error(`qflow serve: ${line}`);
  if (options.leaseSeconds !== undefined && options.leaseSeconds > options.maxLeaseSeconds) {
    console.error(`qflow serve: --lease-seconds ${options.leaseSeconds} is above --max-lease-seconds ${options.maxLeaseSeconds}`);
    return 2;
  }
  options.leaseSeconds ??= Math.min(DEFAULT_LEASE_SECONDS, options.maxLeaseSeconds);
  let server;
  try {
    server = await startServer({ ...options, log });
  } catch (error) {
    console.error(`qflow serve: cannot start: ${(error as Error).message}`);
    return 1;
  }
  console.log(`qflow serve: listening on ${server.address} (${options.workers} workers, max ${options.maxSessions} sessions, lease ${options.leaseSeconds} s, max lease ${options.maxLeaseSeconds} s, instance ${server.instanceId})`);
  if (server.viewerUrl) console.log(`qflow serve: viewer at ${server.viewerUrl}`);
  if (server.metricsAddress) console.log(`qflow serve: metrics on http://${server.metricsAddress}/metrics`);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: draining in-flight calls`);
      server.close().then(() => resolve(0), (error) => {
        log(`shutdown failed: ${(error as Error).message}`);
        resolve(1);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
