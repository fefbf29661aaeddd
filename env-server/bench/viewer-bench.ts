// What one live viewer costs (`npm run bench:viewer`): a `qflow serve --viewer-port` child process steps one
// 64-env antmaze session at full speed over StepStream (this process is the client), in alternating rounds of
//   off      nobody watching;
//   socket   one viewer-protocol client (ws, in this process) watching env 0 at 30 poses/s: the server's own cost;
//   browser  the viewer page in headless chromium watching env 0: adds chromium's software rendering, which
//            competes for the same cores.
// Reports per mode the median env steps/s and the server's CPU (seconds per second, and µs per env step), the
// ratios against off, and the page's frames drawn and pose frames received per second.
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import { launchChromium } from '../test/support/headless-chromium.js';
import { ViewerClient } from '../test/support/viewer-client.js';
import { closeSession, openSession, streamThroughput } from './grpc-load.js';
import { ServedProcess } from './served-process.js';

const ENV_ID = 'antmaze-large-singletask-task1-v0';
const ACTION_DIM = 8;
const MODES = ['off', 'socket', 'browser'] as const;
type Mode = (typeof MODES)[number];
const HELP = `usage: npm run bench:viewer [-- --envs N --seconds S --rounds R --workers W]
  --envs N      envs in the stepped session (default 64)
  --seconds S   duration of each round (default 5)
  --rounds R    rounds of each mode (off, socket, browser), interleaved (default 3)
  --workers W   server worker threads (default 1)`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Round { stepsPerSecond: number; cpuPerSecond: number; cpuUsPerStep: number; drawnPerSecond?: number; receivedPerSecond?: number }

type PageStats = { framesRendered: number; framesReceived: number };
const pageStats = (page: Page) => page.evaluate(() => ({ ...(globalThis as any).viewerTest.stats }) as PageStats);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    envs: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  } });
  if (values.help) return console.log(HELP);
  const [numEnvs, seconds, rounds] = [Number(values.envs ?? 64), Number(values.seconds ?? 5), Number(values.rounds ?? 3)];
  const server = await ServedProcess.start(['--workers', values.workers ?? '1', '--viewer-port', '0']);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 960, height: 600 });
    const session = await openSession(server.address, ENV_ID, numEnvs, ACTION_DIM);
    await streamThroughput([session], 1); // warm-up
    const results: Record<Mode, Round[]> = { off: [], socket: [], browser: [] };
    for (let r = 0; r < rounds; r++) {
      for (const mode of MODES) results[mode].push(await round(mode, server, page, session, seconds));
    }
    await closeSession(session);
    report(results, { numEnvs, seconds, rounds });
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function round(mode: Mode, server: ServedProcess, page: Page, session: Parameters<typeof streamThroughput>[0][0], seconds: number): Promise<Round> {
  let socket: ViewerClient | undefined;
  if (mode === 'socket') {
    socket = await ViewerClient.ready(server.viewerUrl!);
    socket.sendJson({ type: 'list' });
    const [watched] = (await socket.next('sessions')).sessions;
    socket.sendJson({ type: 'watch', session: watched.id, env: 0, rate: 30 });
    await socket.next('scene');
  }
  if (mode === 'browser') {
    await page.goto(server.viewerUrl!);
    await page.waitForFunction(() => (globalThis as any).viewerTest.watching() !== undefined);
  }
  const before = mode === 'browser' ? await pageStats(page) : undefined;
  const cpuBefore = server.cpuSeconds();
  const start = performance.now();
  const stepsPerSecond = await streamThroughput([session], seconds);
  const wall = (performance.now() - start) / 1000;
  const cpu = server.cpuSeconds() - cpuBefore;
  const result: Round = { stepsPerSecond, cpuPerSecond: cpu / wall, cpuUsPerStep: (cpu * 1e6) / (stepsPerSecond * wall) };
  if (before) {
    const after = await pageStats(page);
    result.drawnPerSecond = (after.framesRendered - before.framesRendered) / wall;
    result.receivedPerSecond = (after.framesReceived - before.framesReceived) / wall;
    await page.goto('about:blank');
  }
  socket?.close();
  return result;
}

function report(results: Record<Mode, Round[]>, { numEnvs, seconds, rounds }: { numEnvs: number; seconds: number; rounds: number }): void {
  const off = median(results.off.map((r) => r.stepsPerSecond));
  const offCpu = median(results.off.map((r) => r.cpuUsPerStep));
  console.log(`${ENV_ID}, ${numEnvs} envs, StepStream, ${rounds} rounds of ${seconds} s per mode, viewer watching env 0 at 30 poses/s`);
  for (const mode of MODES) {
    const rows = results[mode];
    const steps = median(rows.map((r) => r.stepsPerSecond));
    const cpuUs = median(rows.map((r) => r.cpuUsPerStep));
    let line = `${mode.padEnd(8)} ${steps.toFixed(0)} env steps/s (rounds ${rows.map((r) => r.stepsPerSecond.toFixed(0)).join(', ')}; ratio to off ${(steps / off).toFixed(3)}), ` +
      `server CPU ${median(rows.map((r) => r.cpuPerSecond)).toFixed(2)} s/s, ${cpuUs.toFixed(1)} µs per env step (ratio to off ${(cpuUs / offCpu).toFixed(3)})`;
    if (mode === 'browser') {
      line += `; page drew ${median(rows.map((r) => r.drawnPerSecond!)).toFixed(1)} frames/s, received ${median(rows.map((r) => r.receivedPerSecond!)).toFixed(1)} pose frames/s`;
    }
    console.log(line);
  }
}

await main();
