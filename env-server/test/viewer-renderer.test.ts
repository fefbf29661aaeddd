// scene-renderer.js in real headless chromium (software GL): an ant in a maze, drawn from a served scene JSON and
// served body poses, shows the ant's colour where its torso projects; the same frame with the robot's geoms made
// transparent (same camera) shows the floor there instead. Also sceneSpecToJson's plain-JSON shape.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeFloat32, type GetSceneSpecResponse, type StepRequest, type StepResponse } from '@qflow/proto';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, sceneSpecToJson, type RunningServer, type SceneJson } from '../src/index.js';
import { launchChromium } from './support/headless-chromium.js';
import { startRendererPage, type RendererPageServer } from './support/renderer-page.js';
import { Client, actionTensor, testAction } from './support/server-harness.js';

const ANTMAZE = 'antmaze-medium-navigate-singletask-v0';
const CUBE = 'cube-single-singletask-v0';
const ANT_ACTION_DIM = 8;
const WINDOW = 7;

type Rgba = number[];

/** The ant's tan body (0.8, 0.6, 0.4) under any white light: red over green over blue; the floor is green-grey. */
const antLike = ([r, g, b]: Rgba) => r! > g! + 15 && g! > b! + 15;

function blocks(bytes: number[]): Rgba[] {
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.slice(4 * i, 4 * i + 4));
}

/** Body ids of the subtree rooted at `root`. */
function subtree(scene: SceneJson, root: number): Set<number> {
  const inside = new Set([root]);
  scene.bodies.forEach((body, b) => {
    if (b > root && inside.has(body.parent)) inside.add(b);
  });
  return inside;
}

describe('scene renderer in headless chromium', () => {
  let server: RunningServer;
  let client: Client;
  let pages: RendererPageServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    [server, pages, browser] = await Promise.all([startServer({ workers: 1 }), startRendererPage(), launchChromium()]);
    client = new Client(server.address);
    page = await browser.newPage();
    await page.goto(pages.url);
    await page.waitForFunction('window.ready === true');
  });

  after(async () => {
    client?.dispose();
    await Promise.all([browser?.close(), pages?.close(), server?.close()]);
  });

  async function servedScene(envId = ANTMAZE, actionDim = ANT_ACTION_DIM): Promise<{ scene: SceneJson; poses: number[] }> {
    const response = await client.unary<GetSceneSpecResponse>('getSceneSpec', { envId, taskId: 0 });
    const scene = sceneSpecToJson(response.scene!);
    const { sessionId } = await client.createSession(envId, 1, 3n);
    await client.reset(sessionId, [4n]);
    let step: StepResponse | undefined;
    for (let t = 0; t < 5; t++) {
      step = await client.unary<StepResponse>('step', {
        sessionId, envIds: [], sequence: 0n, renderPoses: true, actions: actionTensor([testAction(3, 0, t, actionDim)]),
      } satisfies StepRequest);
    }
    await client.close(sessionId);
    return { scene, poses: Array.from(decodeFloat32(step!.bodyPoses!)) };
  }

  test('sceneSpecToJson: plain JSON with geom type names, the torso to follow and the goal', { timeout: 60_000 }, async () => {
    const { scene } = await servedScene();
    assert.deepEqual(JSON.parse(JSON.stringify(scene)), scene, 'survives a JSON round trip unchanged');
    assert.ok(scene.geoms.some((g) => g.type === 'plane') && scene.geoms.some((g) => g.type === 'box'));
    assert.ok(scene.geoms.every((g) => typeof g.type === 'string'));
    assert.equal(scene.bodies[scene.followBody]!.name, 'torso');
    assert.equal(scene.goals.length, 1);
  });

  test('the ant appears where its torso projects, and not when its geoms are transparent', { timeout: 60_000 }, async () => {
    const { scene, poses } = await servedScene();
    const torso = poses.slice(7 * scene.followBody, 7 * scene.followBody + 3);
    const robot = subtree(scene, scene.followBody);
    const ghost: SceneJson = { ...scene, geoms: scene.geoms.map((g) => (robot.has(g.body) ? { ...g, rgba: [...g.rgba.slice(0, 3), 0.001] } : g)) };
    const windowAt = async (drawn: SceneJson) => {
      await page.evaluate((s, p, goal) => (globalThis as any).check.draw(s, p, goal, 'follow'), drawn as any, poses, scene.goals[0]!.position);
      const { x, y } = await page.evaluate((xyz) => (globalThis as any).check.project(xyz), torso) as { x: number; y: number };
      assert.ok(x > WINDOW && x < 320 - WINDOW && y > WINDOW && y < 240 - WINDOW, `torso projects inside the canvas, at ${x}, ${y}`);
      const half = Math.floor(WINDOW / 2);
      return blocks(await page.evaluate((...a) => (globalThis as any).check.pixels(...a), Math.round(x) - half, Math.round(y) - half, WINDOW, WINDOW));
    };
    const drawn = await windowAt(scene);
    const reference = await windowAt(ghost);
    const antPixels = drawn.filter(antLike).length;
    assert.ok(antPixels > drawn.length / 2, `ant colour around the torso: ${antPixels}/${drawn.length} pixels, e.g. ${drawn[24]}`);
    assert.equal(reference.filter(antLike).length, 0, `no ant colour there without the ant, e.g. ${reference[24]}`);
  });

  test('a body whose geoms are all collision geoms (the mesh-free arm) is drawn', { timeout: 60_000 }, async () => {
    const { scene, poses } = await servedScene(CUBE, 5);
    const visualBodies = new Set(scene.geoms.filter((g) => g.group <= 2).map((g) => g.body));
    const collisionOnly = new Set(scene.geoms.filter((g) => g.group > 2 && !visualBodies.has(g.body)).map((g) => g.body));
    assert.ok(collisionOnly.size > 0, 'the cube scene has bodies with collision geoms only (the arm)');
    const withoutThem: SceneJson = { ...scene, geoms: scene.geoms.filter((g) => !collisionOnly.has(g.body)) };
    const frame = async (drawn: SceneJson) => {
      await page.evaluate((s, p) => (globalThis as any).check.draw(s, p, null, 'orbit'), drawn as any, poses);
      return blocks(await page.evaluate(() => (globalThis as any).check.pixels(0, 0, 320, 240)));
    };
    const [full, empty] = [await frame(scene), await frame(withoutThem)];
    const changed = full.filter((rgba, i) => rgba.some((v, k) => Math.abs(v - empty[i]![k]!) > 8)).length;
    assert.ok(changed > 300, `the arm changes ${changed} of ${full.length} pixels`);
  });
});
