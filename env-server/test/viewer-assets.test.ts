// The viewer's file map: the page, its modules and three.js are served; nothing outside their folders, and
// only known file types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readViewerAsset, THREE_IMPORT_MAP, viewerAsset } from '../src/viewer/viewer-assets.js';

test('serves the page, its modules and three.js', async () => {
  for (const path of ['/', '/index.html', '/viewer-app.js', '/scene-renderer.js', '/viewer.css', '/three/build/three.module.js',
    '/three/build/three.core.js', '/three/examples/jsm/controls/OrbitControls.js']) {
    const asset = viewerAsset(path);
    assert.ok(asset, path);
    assert.ok((await readViewerAsset(asset))!.length > 0, `${path} has content`);
  }
  assert.equal(viewerAsset('/')!.contentType, 'text/html; charset=utf-8');
  assert.equal(viewerAsset('/scene-renderer.js')!.contentType, 'text/javascript; charset=utf-8');
});

test('refuses paths that leave the served folders, unknown file types and bad escapes', async () => {
  for (const path of ['/three/build/../src/Three.js', '/../dist/src/index.js', '/%2e%2e/dist/src/index.js', '/../package.json', '/../src/index.ts', '/three/build/../../../package.json', '/three/build/../package.json',
    '/%2e%2e/%2e%2e/package.json', '/three/build/..%2f..%2fpackage.json', '/..\\package.json', '/%E0%A4%A', '/index.html%00.js', '/x.ts']) {
    assert.equal(viewerAsset(path), undefined, path);
  }
  assert.equal(await readViewerAsset(viewerAsset('/missing.js')!), undefined, 'a listed type that does not exist reads as absent');
});

test("the page's import map is THREE_IMPORT_MAP (what other pages, e.g. headless video rendering, use)", async () => {
  const html = String(await readViewerAsset(viewerAsset('/index.html')!));
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(map, 'index.html has an import map');
  assert.deepEqual(JSON.parse(map[1]!), THREE_IMPORT_MAP);
});
