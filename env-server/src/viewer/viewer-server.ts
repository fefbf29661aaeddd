// The live viewer's HTTP server: the page and its modules (viewer-assets.ts) over GET, and the viewer protocol
// (viewer-connection.ts) on the WebSocket at /ws. Bounded: a few viewers at most, small client messages,
// pages of other origins cannot open the socket.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { readViewerAsset, viewerAsset } from './viewer-assets.js';
import { ViewerConnection, type ViewerContext } from './viewer-connection.js';

export const DEFAULT_MAX_VIEWERS = 8;
export const DEFAULT_MAX_RATE = 30;
/** Largest client message (they are small JSON objects). */
const MAX_PAYLOAD_BYTES = 4096;
/** How often watched sessions are checked for having gone away. */
const CHECK_INTERVAL_MS = 1000;
export const CLOSE_TOO_MANY = 1013;

export interface ViewerServerOptions extends Omit<ViewerContext, 'maxRate'> {
  host: string;
  port: number;
  maxViewers?: number;
  maxRate?: number;
  /** PEM certificate chain and key: serve https and wss (the gRPC server's, so the token never travels in clear). */
  tls?: { certChain: Buffer; privateKey: Buffer };
}

export interface RunningViewer {
  /** http(s)://host:port/ of the page. */
  url: string;
  port: number;
  close(): Promise<void>;
}

async function serveAsset(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const asset = viewerAsset(new URL(request.url ?? '/', 'http://viewer').pathname);
  const body = asset && await readViewerAsset(asset);
  if (!asset || !body) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  response.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** Same-origin pages only: a browser sends Origin, and it must name this server as the Host header does. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startViewerServer(options: ViewerServerOptions): Promise<RunningViewer> {
  const maxViewers = options.maxViewers ?? DEFAULT_MAX_VIEWERS;
  const context: ViewerContext = { ...options, maxRate: options.maxRate ?? DEFAULT_MAX_RATE };
  const connections = new Map<WebSocket, ViewerConnection>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    serveAsset(request, response).catch(() => response.writeHead(500).end());
  };
  const http = options.tls
    ? createHttpsServer({ cert: options.tls.certChain, key: options.tls.privateKey }, handler)
    : createHttpServer(handler);
  http.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://viewer').pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found');
    if (!sameOrigin(request)) return refuseUpgrade(socket, '403 Forbidden');
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (connections.size >= maxViewers) {
        ws.send(JSON.stringify({ type: 'error', fatal: true, message: `too many viewers (at most ${maxViewers}); close one and reload` }));
        ws.close(CLOSE_TOO_MANY, 'too many viewers');
        return;
      }
      ws.on('error', () => ws.terminate());
      ws.on('close', () => connections.delete(ws));
      connections.set(ws, new ViewerConnection(ws, context));
    });
  });
  const checker = setInterval(() => {
    const live = new Set(options.sessions().map((s) => s.id));
    for (const connection of connections.values()) connection.checkWatched(live);
  }, CHECK_INTERVAL_MS);
  checker.unref();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => {
      clearInterval(checker);
      for (const ws of connections.keys()) ws.terminate();
      sockets.close();
      http.close(() => resolve());
      http.closeAllConnections();
    }),
  };
}
