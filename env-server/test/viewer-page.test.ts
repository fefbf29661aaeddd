// The live viewer page in real headless chromium, served by `qflow serve --viewer-port`: it lists a session a
// scripted client created, and once that client steps, its canvas shows the ant where the torso projects
// (the page's test hook projects with its own camera); the pose moves when the env steps; a wrong token shows an
// error text. With QFLOW_VIEWER_SCREENSHOT=<file.png> it also saves the page (README's docs/images/viewer.png).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StepRequest } from '@qflow/proto';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from './support/headless-chromium.js';
import { ServedProcess } from '../bench/served-process.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';
import type { RunningServer } from '../src/index.js';

const ANTMAZE = 'antmaze-medium-navigate-singletask-v0';
const WINDOW = 7;

/** The ant's tan body (0.8, 0.6, 0.4) under white light: red over green over blue; floor and sky are not. */
const antLike = ([r, g, b]: number[]) => r! > g! + 15 && g! > b! + 15;

interface PageView {
  torso: number[];
  step: number;
  pixel: { x: number; y: number };
  window: number[][];
}

/** After two animation frames (the latest poses drawn): torso, its projection, the pixels around it. */
function readView(page: Page): Promise<PageView> {
  return page.evaluate(async (size) => {
    const w = globalThis as any;
    await new Promise((resolve) => w.requestAnimationFrame(() => w.requestAnimationFrame(resolve)));
    const hook = w.viewerTest;
    const torso = hook.bodyPosition(hook.followBody());
    const pixel = hook.project(torso);
    const canvas = w.document.getElementById('view');
    const copy = Object.assign(w.document.createElement('canvas'), { width: canvas.width, height: canvas.height });
    const context = copy.getContext('2d');
    context.drawImage(canvas, 0, 0);
    const half = Math.floor(size / 2);
    const data = Array.from(context.getImageData(Math.round(pixel.x) - half, Math.round(pixel.y) - half, size, size).data) as number[];
    const window = Array.from({ length: data.length / 4 }, (_, i) => data.slice(4 * i, 4 * i + 4));
    return { torso, step: hook.stats.lastFrame.episodeStep, pixel, window };
  }, WINDOW);
}

describe('viewer page in headless chromium', () => {
  let served: ServedProcess;
  let client: Client;
  let browser: Browser;
  let page: Page;

  before(async () => {
    [served, browser] = await Promise.all([ServedProcess.start(['--workers', '1', '--viewer-port', '0']), launchChromium()]);
    client = new Client(served.address);
    page = await browser.newPage();
    await page.setViewport({ width: 960, height: 600 });
  });

  after(async () => {
    client?.dispose();
    await Promise.all([browser?.close(), served?.stop()]);
  });

  test('lists the scripted session, draws the ant at its projected torso, and follows its steps', { timeout: 60_000 }, async () => {
    const { sessionId } = await client.createSession(ANTMAZE, 1, 7n);
    await client.reset(sessionId, [7n]);
    let t = 0;
    const step = () => client.unary('step', {
      sessionId, envIds: [], sequence: 0n, renderPoses: false, actions: actionTensor([testAction(7, 0, t++, 8)]),
    } satisfies StepRequest);
    /** The scripted agent steps until the page has received `frames` pose frames in all. */
    const stepUntilFrames = async (frames: number) => {
      while (await page.evaluate(() => (globalThis as any).viewerTest.stats.framesReceived) < frames) {
        await step();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    await page.goto(served.viewerUrl!);
    await page.waitForSelector('#sessions li[data-session]');
    assert.match(await page.$eval('#sessions li[data-session]', (li) => li.textContent ?? ''), /antmaze-medium-singletask-task1-v0 · 1 env/);
    await page.waitForFunction(() => (globalThis as any).viewerTest.watching() !== undefined);

    for (let k = 0; k < 10; k++) await step();
    await stepUntilFrames(1);
    const first = await readView(page);
    const antPixels = first.window.filter(antLike).length;
    assert.ok(antPixels > first.window.length / 2,
      `ant colour around the projected torso (${first.pixel.x.toFixed(0)}, ${first.pixel.y.toFixed(0)}): ${antPixels}/${first.window.length}, e.g. ${first.window[24]}`);
    assert.match(await page.$eval('#hud', (hud) => hud.textContent ?? ''), new RegExp(`step ${first.step} · return`));
    if (process.env.QFLOW_VIEWER_SCREENSHOT) await page.screenshot({ path: process.env.QFLOW_VIEWER_SCREENSHOT as `${string}.png` });

    const received = await page.evaluate(() => (globalThis as any).viewerTest.stats.framesReceived);
    for (let k = 0; k < 20; k++) await step();
    await stepUntilFrames(received + 1);
    const later = await readView(page);
    assert.ok(later.step > first.step, `episode step advances: ${first.step} → ${later.step}`);
    assert.notDeepEqual(later.torso, first.torso, 'the drawn torso moves when the env steps');
    assert.ok(later.window.filter(antLike).length > later.window.length / 2, 'still drawn where it projects');
    await client.close(sessionId);
  });
});

describe('viewer page with a token', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await Promise.all([startFakeServer({ token: 's3cret', viewer: { port: 0 } }), launchChromium()]);
  });

  after(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  test('a wrong token shows an error text, not a blank page; no token asks for it', { timeout: 30_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${server.viewerUrl!}?token=wrong`);
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.$eval('#error', (e) => e.textContent ?? ''), /refused: wrong token/);

    await page.goto(server.viewerUrl!);
    await page.waitForSelector('#token-form:not([hidden])');
    await page.type('#token-input', 's3cret');
    await page.click('#token-form button');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('status').textContent === 'connected');
    assert.equal(await page.$eval('#error', (e) => (e as unknown as { hidden: boolean }).hidden), true);
  });
});
