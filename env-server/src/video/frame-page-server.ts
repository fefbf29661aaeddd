// A loopback HTTP server for one episode's frame page: the page and its script (env-server/video-page), the live
// viewer's assets (scene-renderer.js, three.js; viewer-assets.ts), so that videos and the viewer draw scenes the
// same way, and the episode itself (/episode.json, /poses.bin). Anything else is 404.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { readViewerAsset, THREE_IMPORT_MAP, viewerAsset } from '../viewer/viewer-assets.js';

const PAGE_SCRIPT = fileURLToPath(new URL('../../../video-page/frame-page.js', import.meta.url));

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>qflow episode video frames</title>
<script type="importmap">${JSON.stringify(THREE_IMPORT_MAP)}</script></head>
<body style="margin:0;background:#000"><script type="module" src="/frame-page.js"></script></body></html>`;

export interface FramePageContent {
  /** What the page's /episode.json holds (scene, goal, size, per-step texts). */
  episode: unknown;
  /** Little-endian float32 body poses. */
  poses: Buffer;
}

export interface FramePageServer { url: string; close(): Promise<void> }

export async function startFramePageServer(content: FramePageContent): Promise<FramePageServer> {
  const episodeJson = Buffer.from(JSON.stringify(content.episode));
  const fixed: Record<string, [string, Buffer]> = {
    '/': ['text/html; charset=utf-8', Buffer.from(PAGE)],
    '/frame-page.js': ['text/javascript; charset=utf-8', readFileSync(PAGE_SCRIPT)],
    '/episode.json': ['application/json', episodeJson],
    '/poses.bin': ['application/octet-stream', content.poses],
  };
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answer = fixed[path] ?? await asset(path);
    if (!answer) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': answer[0], 'cache-control': 'no-store' }).end(answer[1]);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function asset(path: string): Promise<[string, Buffer] | undefined> {
  const a = viewerAsset(path);
  const body = a && await readViewerAsset(a);
  return a && body ? [a.contentType, body] : undefined;
}
