// A loopback HTTP server with the viewer assets and one test page that loads scene-renderer.js, for driving the
// renderer in headless chromium. The page exposes window.check: draw a scene JSON with poses, read pixels back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readViewerAsset, THREE_IMPORT_MAP, viewerAsset } from '../../src/viewer/viewer-assets.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><script type="importmap">${JSON.stringify(THREE_IMPORT_MAP)}</script></head>
<body style="margin:0"><canvas id="c" width="320" height="240"></canvas>
<script type="module">
import { createSceneRenderer } from '/scene-renderer.js';
let renderer;
window.check = {
  draw(scene, poses, goal, mode) {
    renderer?.dispose();
    renderer = createSceneRenderer(document.getElementById('c'), scene, { width: 320, height: 240, preserveDrawingBuffer: true });
    renderer.setPoses(poses);
    renderer.setGoal(goal);
    renderer.setCameraMode(mode);
    renderer.render();
  },
  project: (xyz) => renderer.project(xyz),
  /** RGBA bytes of the w×h block whose top-left pixel is (x, y). */
  pixels(x, y, w, h) {
    const canvas = document.getElementById('c');
    const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
    const context = copy.getContext('2d');
    context.drawImage(canvas, 0, 0);
    return Array.from(context.getImageData(x, y, w, h).data);
  },
};
window.ready = true;
</script></body></html>`;

export interface RendererPageServer {
  url: string;
  close(): Promise<void>;
}

export async function startRendererPage(): Promise<RendererPageServer> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/check.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const asset = viewerAsset(path);
    const body = asset && await readViewerAsset(asset);
    if (!asset || !body) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': asset.contentType }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/check.html`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
