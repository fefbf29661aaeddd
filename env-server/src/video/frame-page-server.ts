// A loopback HTTP server for one episode's frame page: the page and its script (env-server/video-page), the scene
// renderer module's folder (/renderer/), three.js from node_modules (/node_modules/three/), and the episode itself
// (/episode.json, /poses.bin). Only those files are served; anything else is 404.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const PACKAGE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const PAGE_DIR = join(PACKAGE_DIR, 'video-page');
/** The live viewer's renderer: videos and the viewer draw scenes the same way. */
export const DEFAULT_RENDERER_MODULE = join(PACKAGE_DIR, 'viewer', 'scene-renderer.js');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.bin': 'application/octet-stream',
};

export interface FramePageContent {
  /** What the page's /episode.json holds (scene, goal, size, per-step texts). */
  episode: unknown;
  /** Little-endian float32 body poses. */
  poses: Buffer;
  /** File of the ES module exporting createSceneRenderer. */
  rendererModule: string;
}

export interface FramePageServer { url: string; close(): Promise<void> }

export async function startFramePageServer(content: FramePageContent): Promise<FramePageServer> {
  if (!existsSync(content.rendererModule)) {
    throw new Error(`scene renderer module ${content.rendererModule} does not exist`);
  }
  const rendererDir = dirname(content.rendererModule);
  const threeDir = findThree();
  const episodeJson = Buffer.from(JSON.stringify(content.episode));
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const body = path === '/' ? readFileSync(join(PAGE_DIR, 'frame-page.html'))
      : path === '/frame-page.js' ? readFileSync(join(PAGE_DIR, 'frame-page.js'))
        : path === '/episode.json' ? episodeJson
          : path === '/poses.bin' ? content.poses
            : path.startsWith('/renderer/') ? fileUnder(rendererDir, path.slice('/renderer/'.length))
              : path.startsWith('/node_modules/three/') && threeDir ? fileUnder(threeDir, path.slice('/node_modules/three/'.length))
                : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const type = path === '/' ? TYPES['.html']! : TYPES[extname(path)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const renderer = `/renderer/${encodeURIComponent(basename(content.rendererModule))}`;
  return {
    url: `http://127.0.0.1:${port}/?renderer=${encodeURIComponent(renderer)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `rel` inside `dir` (no escaping it with ..), when it is a file. */
function fileUnder(dir: string, rel: string): Buffer | undefined {
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir + sep) || !existsSync(file)) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined; // a directory
  }
}

function findThree(): string | undefined {
  const candidates = [join(PACKAGE_DIR, 'node_modules', 'three'), join(PACKAGE_DIR, '..', 'node_modules', 'three')];
  return candidates.find((d) => existsSync(join(d, 'package.json')));
}
