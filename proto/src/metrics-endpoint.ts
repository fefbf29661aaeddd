// The Prometheus scrape endpoint that env servers (`qflow serve --metrics-port`) and agents (`qflow train
// --metrics-port`) expose: plain HTTP, GET /metrics only. The exposition text comes from the caller, so this
// package stays free of any metrics library. A scraper can hold a connection only briefly: headers and the whole
// request have short timeouts, and request bodies are never read.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface MetricsSource {
  /** The exposition text of one scrape. */
  text(): Promise<string>;
  /** Its Content-Type (Prometheus text format, with version). */
  contentType: string;
}

export interface MetricsEndpoint {
  /** host:port to scrape (path /metrics). */
  address: string;
  port: number;
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_CONNECTIONS = 64;

function answer(source: MetricsSource, request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed: use GET\n');
    return;
  }
  source.text().then((body) => {
    response.writeHead(200, { 'content-type': source.contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
  }, (error: Error) => {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${error.message}\n`);
  });
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Listens on host:port (0 = any free port) and serves `source` at /metrics. */
export function serveMetrics(source: MetricsSource, host: string, port: number): Promise<MetricsEndpoint> {
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS }, (request, response) => {
    answer(source, request, response);
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.keepAliveTimeout = REQUEST_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as { port: number }).port;
      resolve({
        address: hostPort(host, bound),
        port: bound,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
