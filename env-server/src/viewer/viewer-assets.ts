// The files the viewer's HTTP server hands out: the page and its modules (env-server/viewer) and three.js from
// node_modules, under fixed URL prefixes. Only listed folders and file types are served; nothing outside them.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page folder: env-server/viewer (this module runs from env-server/dist/src/viewer). */
export const VIEWER_DIR = fileURLToPath(new URL('../../../viewer/', import.meta.url));
/** Root of the installed `three` package. */
export const THREE_DIR = dirname(dirname(createRequire(import.meta.url).resolve('three')));

/** Import map a page needs so that `three` and `three/addons/…` resolve to the served copies. */
export const THREE_IMPORT_MAP = {
  imports: { three: '/three/build/three.module.js', 'three/addons/': '/three/examples/jsm/' },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/** URL prefix → folder it maps to. */
const ROOTS: [string, string][] = [
  ['/three/build/', join(THREE_DIR, 'build')],
  ['/three/examples/jsm/', join(THREE_DIR, 'examples', 'jsm')],
  ['/', VIEWER_DIR],
];

export interface ViewerAsset {
  path: string;
  contentType: string;
}

/** The file URL path `urlPath` names ('/' is index.html), or undefined when it names nothing servable. */
export function viewerAsset(urlPath: string): ViewerAsset | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const contentType = TYPES[extname(decoded)];
  if (!contentType) return undefined;
  for (const [prefix, folder] of ROOTS) {
    if (!decoded.startsWith(prefix)) continue;
    const path = normalize(join(folder, decoded.slice(prefix.length)));
    return path.startsWith(folder.endsWith(sep) ? folder : folder + sep) ? { path, contentType } : undefined;
  }
  return undefined;
}

/** The bytes of a served asset, or undefined when the file does not exist. */
export async function readViewerAsset(asset: ViewerAsset): Promise<Buffer | undefined> {
  try {
    return await readFile(asset.path);
  } catch {
    return undefined;
  }
}
