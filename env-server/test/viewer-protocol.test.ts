// The live viewer's WebSocket protocol without a browser: listing sessions (by view id, never the session id),
// watching an env (scene, then pose frames that follow the steps), bad input (errors; fatal ones close the
// socket), the token, the viewer and rate caps, and the pose taps' rate limit on a controlled clock.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { SceneSpec, StepRequest } from '@qflow/proto';
import { Session } from '../src/server/session.js';
import type { SessionStepResult } from '../src/workers/worker-protocol.js';
import { startServer, type RunningServer } from '../src/index.js';
import { PoseTaps } from '../src/viewer/pose-taps.js';
import { CLOSE_BAD_INPUT, CLOSE_BAD_TOKEN, MAX_MESSAGES_PER_SECOND } from '../src/viewer/viewer-connection.js';
import { CLOSE_TOO_MANY, DEFAULT_MAX_RATE, startViewerServer } from '../src/viewer/viewer-server.js';
import { FAKE_SPEC } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';
import { ViewerClient } from './support/viewer-client.js';

const ANTMAZE = 'antmaze-medium-navigate-singletask-v0';

describe('viewer protocol on a MuJoCo server', () => {
  let server: RunningServer;
  let client: Client;

  before(async () => {
    server = await startServer({ workers: 1, viewer: { port: 0, maxViewers: 3 } });
    client = new Client(server.address);
  });

  after(async () => {
    client.dispose();
    await server.close();
  });

  async function steppedSession(numEnvs: number) {
    const { sessionId } = await client.createSession(ANTMAZE, numEnvs, 1n);
    await client.reset(sessionId, Array.from({ length: numEnvs }, (_, i) => BigInt(i + 1)));
    let t = 0;
    const step = () => client.unary('step', {
      sessionId, envIds: [], sequence: 0n, renderPoses: false,
      actions: actionTensor(Array.from({ length: numEnvs }, (_, e) => testAction(5, e, t++, 8))),
    } satisfies StepRequest);
    return { sessionId, step };
  }

  test('lists sessions by view id; watches an env: its scene, then frames that follow its steps', { timeout: 60_000 }, async () => {
    const { sessionId, step } = await steppedSession(2);
    const viewer = await ViewerClient.ready(server.viewerUrl!);
    try {
      viewer.sendJson({ type: 'list' });
      const { sessions } = await viewer.next('sessions');
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0].envId, 'antmaze-medium-singletask-task1-v0');
      assert.equal(sessions[0].numEnvs, 2);
      assert.ok(!JSON.stringify(sessions).includes(sessionId), 'the session id (a capability) is never shown');

      viewer.sendJson({ type: 'watch', session: sessions[0].id, env: 1, rate: 1000 });
      const scene = await viewer.next('scene');
      assert.equal(scene.rate, DEFAULT_MAX_RATE, 'a rate above the cap is lowered to it');
      assert.equal(scene.env, 1);
      const nbody = scene.scene.bodies.length;
      const torsos: number[][] = [];
      for (let k = 0; k < 3; k++) {
        // Steps come faster than the rate cap: only some of them are copied.
        do await step(); while (!viewer.hasFrame() && await new Promise((resolve) => setTimeout(resolve, 5, true)));
        const frame = await viewer.frame();
        assert.equal(frame.poses.length, nbody * 7);
        assert.deepEqual(frame.goal, scene.scene.goals[0].position.map(Math.fround));
        torsos.push(Array.from(frame.poses.subarray(7 * scene.scene.followBody, 7 * scene.scene.followBody + 3)));
        assert.ok(frame.episodeStep >= 1);
      }
      assert.notDeepEqual(torsos[0], torsos[2], 'the watched torso moves as the env steps');

      viewer.sendJson({ type: 'envs', session: sessions[0].id });
      const { envs } = await viewer.next('envs');
      assert.equal(envs.length, 2);
      assert.ok(envs.every((e: { episodeStep: number; ready: boolean }) => e.episodeStep >= 3 && e.ready));

      await client.close(sessionId);
      assert.equal((await viewer.next('ended')).session, sessions[0].id);
    } finally {
      viewer.close();
    }
  });

  test('unknown session, env out of range, bad rate: an error, and the socket stays usable', { timeout: 30_000 }, async () => {
    const { sessionId } = await steppedSession(1);
    const viewer = await ViewerClient.ready(server.viewerUrl!);
    try {
      viewer.sendJson({ type: 'watch', session: 'nope', env: 0, rate: 10 });
      assert.match((await viewer.next('error')).message, /unknown session 'nope'/);
      viewer.sendJson({ type: 'list' });
      const [session] = (await viewer.next('sessions')).sessions;
      viewer.sendJson({ type: 'watch', session: session.id, env: 1, rate: 10 });
      assert.match((await viewer.next('error')).message, /env 1 out of range: valid 0\.\.0/);
      viewer.sendJson({ type: 'watch', session: session.id, env: 0, rate: 'fast' });
      assert.match((await viewer.next('error')).message, /rate fast invalid/);
      viewer.sendJson({ type: 'envs', session: session.id });
      assert.equal((await viewer.next('envs')).envs.length, 1, 'still served after the errors');
    } finally {
      viewer.close();
      await client.close(sessionId);
    }
  });

  test('bad JSON, an unknown type, binary input, skipping hello, flooding: a fatal error and the socket closes', { timeout: 30_000 }, async () => {
    const cases: [(v: ViewerClient) => void, RegExp, boolean][] = [
      [(v) => v.socket.send('{not json'), /bad JSON/, true],
      [(v) => v.sendJson({ type: 'explode' }), /unknown message type 'explode'/, true],
      [(v) => v.socket.send(Buffer.from([1, 2, 3])), /binary messages/, true],
      [(v) => v.sendJson({ type: 'list' }), /first message must be/, false],
      [(v) => { for (let i = 0; i <= MAX_MESSAGES_PER_SECOND; i++) v.sendJson({ type: 'list' }); }, /more than 20 messages per second/, true],
    ];
    for (const [misbehave, message, greeted] of cases) {
      const viewer = greeted ? await ViewerClient.ready(server.viewerUrl!) : new ViewerClient(server.viewerUrl!);
      if (!greeted) await viewer.next('welcome');
      misbehave(viewer);
      const error = await viewer.next('error');
      assert.match(error.message, message);
      assert.equal(error.fatal, true);
      assert.equal(await viewer.closed, CLOSE_BAD_INPUT);
    }
  });

  test('viewers beyond the cap are refused; a page of another origin cannot open the socket', { timeout: 30_000 }, async () => {
    const viewers = await Promise.all([0, 1, 2].map(() => ViewerClient.ready(server.viewerUrl!)));
    const extra = new ViewerClient(server.viewerUrl!);
    assert.match((await extra.next('error')).message, /too many viewers \(at most 3\)/);
    assert.equal(await extra.closed, CLOSE_TOO_MANY);
    viewers.forEach((v) => v.close());
    const foreign = new ViewerClient(server.viewerUrl!, 'http://evil.example');
    await new Promise((resolve) => foreign.socket.once('error', resolve));
  });
});

describe('viewer token', () => {
  let server: RunningServer;

  before(async () => {
    server = await startFakeServer({ token: 's3cret', viewer: { port: 0 } });
  });

  after(() => server.close());

  test('a wrong or missing token is refused with an error; the right one is welcome', async () => {
    for (const token of ['wrong', undefined]) {
      const viewer = new ViewerClient(server.viewerUrl!);
      assert.equal((await viewer.next('welcome')).tokenRequired, true);
      viewer.sendJson({ type: 'hello', token });
      assert.match((await viewer.next('error')).message, token ? /wrong token/ : /needs a token/);
      assert.equal(await viewer.closed, CLOSE_BAD_TOKEN);
    }
    const viewer = await ViewerClient.ready(server.viewerUrl!, 's3cret');
    viewer.sendJson({ type: 'list' });
    assert.deepEqual((await viewer.next('sessions')).sessions, []);
    viewer.close();
  });
});

test('with TLS the viewer serves https and wss with the same certificate', { timeout: 30_000 }, async () => {
  const fixture = (name: string) => readFileSync(new URL(`../../test/support/server-tls-fixture/${name}`, import.meta.url));
  const server = await startFakeServer({ tls: { certChain: fixture('cert.pem'), privateKey: fixture('key.pem') }, viewer: { port: 0 } });
  try {
    assert.match(server.viewerUrl!, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await new Promise<string>((resolve, reject) => {
      get(server.viewerUrl!, { ca: fixture('cert.pem') }, (response) => {
        let body = '';
        response.on('data', (d) => (body += d));
        response.on('end', () => resolve(body));
      }).on('error', reject);
    });
    assert.match(page, /<title>qflow viewer<\/title>/);
    const viewer = new ViewerClient(server.viewerUrl!, undefined, { ca: fixture('cert.pem') });
    assert.equal((await viewer.next('welcome')).tokenRequired, false);
    viewer.close();
  } finally {
    await server.close();
  }
});

test('pose taps: a step copies a watched env only when its tap is due, at most once per interval', () => {
  let now = 1000;
  const taps = new PoseTaps(() => now);
  const session = new Session({ id: 's', spec: FAKE_SPEC, numEnvs: 4, seed: 0n, taskId: 1, autoReset: true, leaseMs: 1000, worker: 0, envBytes: 1 });
  const delivered: number[] = [];
  const result = (poses: boolean) => ({ watchedPoses: poses ? new Float32Array(7) : undefined }) as SessionStepResult;
  assert.equal(taps.captureEnv(session), undefined, 'nothing copied while no one watches');
  const tap = { sessionId: 's', env: 2, intervalMs: 1000 / 30, deliver: () => delivered.push(now) };
  taps.add(tap);
  for (let k = 0; k < 100; k++) {
    const env = taps.captureEnv(session);
    taps.stepped(session, result(env !== undefined));
    if (k === 0) assert.equal(env, 2, 'the watched env is copied');
    else assert.equal(env, undefined, 'not again within the interval');
  }
  now += 1000 / 30;
  assert.equal(taps.captureEnv(session), 2, 'due again one interval later');
  taps.stepped(session, result(true));
  assert.deepEqual(delivered, [1000, 1000 + 1000 / 30]);
  taps.remove(tap);
  assert.equal(taps.captureEnv(session), undefined);
  assert.equal(taps.size, 0);
});

test('the viewer server refuses to start on a taken port', async () => {
  const first = await startViewerServer({
    host: '127.0.0.1', port: 0, token: undefined, taps: new PoseTaps(), sessions: () => [], scene: () => Promise.reject(new Error('none')) as Promise<SceneSpec>,
  });
  try {
    await assert.rejects(startViewerServer({
      host: '127.0.0.1', port: first.port, token: undefined, taps: new PoseTaps(), sessions: () => [], scene: () => Promise.reject(new Error('none')),
    }), /EADDRINUSE/);
  } finally {
    await first.close();
  }
});
