// One viewer's WebSocket: the viewer protocol (docs/viewer.md#protocol). Text messages are JSON objects with a `type`:
//   server → client first: {type:'welcome', tokenRequired}
//   client → server:  {type:'hello', token?}        must come first; answered {type:'ready', maxRate}
//                     {type:'list'}                 → {type:'sessions', sessions:[{id, envId, numEnvs, taskId}]}
//                     {type:'envs', session}        → {type:'envs', session, envs:[{index, episodeStep, return, success, ready}]}
//                     {type:'watch', session, env, rate}  → {type:'scene', session, env, rate, scene}, then binary
//                                                   pose frames (pose-frame.ts) at most `rate` per second
//                     {type:'unwatch'}              → {type:'unwatched'}
//   server → client:  {type:'ended', session} when the watched session goes away;
//                     {type:'error', message, fatal?}: fatal ones (bad token, bad JSON, unknown type, binary
//                     input, flooding) close the socket; others (unknown session or env, bad rate) do not.
import { timingSafeEqual } from 'node:crypto';
import type { SceneSpec } from '@qflow/proto';
import type { WebSocket } from 'ws';
import type { Session } from '../server/session.js';
import { encodePoseFrame } from './pose-frame.js';
import type { PoseTap, PoseTaps } from './pose-taps.js';
import { sceneSpecToJson } from './scene-json.js';
import { envSummaries, envSummary, sessionSummaries, taskOf, viewIdOf } from './session-listing.js';

/** What connections share: the live sessions, scenes, the taps, the token and limits. */
export interface ViewerContext {
  sessions(): Session[];
  scene(envId: string, taskId: number): Promise<SceneSpec>;
  taps: PoseTaps;
  token: string | undefined;
  /** Highest pose rate a viewer gets (Hz); higher requests are lowered to it. */
  maxRate: number;
}

/** Client messages per second at most; more is flooding and closes the socket. */
export const MAX_MESSAGES_PER_SECOND = 20;
/** Frames are dropped while this many bytes wait to be sent to a slow viewer. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** Close codes: policy violation (bad input) and, in the application range, a refused token. */
export const CLOSE_BAD_INPUT = 1008;
export const CLOSE_BAD_TOKEN = 4401;

interface Watch {
  tap: PoseTap;
  session: Session;
  task: number;
  goal: number[] | undefined;
}

type Message = { type: string; [key: string]: unknown };

export class ViewerConnection {
  private greeted = false;
  private watch: Watch | undefined;
  /** Bumped by every watch/unwatch: a scene fetched for an older request is dropped. */
  private generation = 0;
  private windowStart = 0;
  private messagesInWindow = 0;

  constructor(private readonly socket: WebSocket, private readonly context: ViewerContext) {
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('close', () => this.stopWatching());
    this.send({ type: 'welcome', tokenRequired: context.token !== undefined });
  }

  /** Tells the viewer its watched session is gone (closed, expired or lost) and stops watching it. */
  checkWatched(live: Set<string>): void {
    if (!this.watch || live.has(this.watch.session.id)) return;
    this.send({ type: 'ended', session: viewIdOf(this.watch.session) });
    this.stopWatching();
  }

  private send(message: object): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private error(message: string): void {
    this.send({ type: 'error', message });
  }

  private fatal(message: string, code = CLOSE_BAD_INPUT): void {
    this.send({ type: 'error', message, fatal: true });
    this.stopWatching();
    this.socket.close(code, message.slice(0, 120));
  }

  private flooding(): boolean {
    const now = performance.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.messagesInWindow = 0;
    }
    return ++this.messagesInWindow > MAX_MESSAGES_PER_SECOND;
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.flooding()) return this.fatal(`more than ${MAX_MESSAGES_PER_SECOND} messages per second`);
    if (isBinary) return this.fatal('binary messages are not part of the viewer protocol; send JSON text');
    let message: unknown;
    try {
      message = JSON.parse(data.toString('utf8'));
    } catch {
      return this.fatal('bad JSON');
    }
    if (typeof message !== 'object' || message === null || typeof (message as Message).type !== 'string') {
      return this.fatal('a message must be a JSON object with a string "type"');
    }
    this.handle(message as Message);
  }

  private handle(message: Message): void {
    if (!this.greeted && message.type !== 'hello') return this.fatal('the first message must be {"type":"hello"}');
    switch (message.type) {
      case 'hello': return this.hello(message.token);
      case 'list': return this.send({ type: 'sessions', sessions: sessionSummaries(this.context.sessions()) });
      case 'envs': return this.envs(message.session);
      case 'watch': return void this.startWatching(message.session, message.env, message.rate);
      case 'unwatch':
        this.stopWatching();
        return this.send({ type: 'unwatched' });
      default: return this.fatal(`unknown message type '${String(message.type).slice(0, 40)}'; valid: hello, list, envs, watch, unwatch`);
    }
  }

  private hello(token: unknown): void {
    if (this.greeted) return this.fatal('hello sent twice');
    const expected = this.context.token;
    if (expected !== undefined && !tokensEqual(token, expected)) {
      return this.fatal(token ? 'wrong token' : 'this server needs a token', CLOSE_BAD_TOKEN);
    }
    this.greeted = true;
    this.send({ type: 'ready', maxRate: this.context.maxRate });
  }

  private findSession(viewId: unknown): Session | undefined {
    const session = typeof viewId === 'string' ? this.context.sessions().find((s) => viewIdOf(s) === viewId) : undefined;
    if (!session) this.error(`unknown session '${String(viewId).slice(0, 40)}': not live (closed, expired, or never existed)`);
    return session;
  }

  private envs(viewId: unknown): void {
    const session = this.findSession(viewId);
    if (session) this.send({ type: 'envs', session: viewIdOf(session), envs: envSummaries(session) });
  }

  private async startWatching(viewId: unknown, env: unknown, rate: unknown): Promise<void> {
    const session = this.findSession(viewId);
    if (!session) return;
    if (!Number.isInteger(env) || (env as number) < 0 || (env as number) >= session.numEnvs) {
      return this.error(`env ${String(env).slice(0, 20)} out of range: valid 0..${session.numEnvs - 1}`);
    }
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      return this.error(`rate ${String(rate).slice(0, 20)} invalid: give poses per second, a number above 0 (at most ${this.context.maxRate} is used)`);
    }
    this.stopWatching();
    const generation = ++this.generation;
    const index = env as number;
    const effectiveRate = Math.min(rate, this.context.maxRate);
    const task = taskOf(session, index);
    let scene;
    try {
      scene = sceneSpecToJson(await this.context.scene(session.spec.id, task));
    } catch (error) {
      return this.error(`no scene for ${session.spec.id}: ${(error as Error).message}`);
    }
    if (generation !== this.generation || this.socket.readyState !== this.socket.OPEN) return;
    this.send({ type: 'scene', session: viewIdOf(session), env: index, rate: effectiveRate, scene });
    const tap: PoseTap = {
      sessionId: session.id, env: index, intervalMs: 1000 / effectiveRate,
      deliver: (from, poses) => this.deliver(from, poses),
    };
    this.watch = { tap, session, task, goal: scene.goals[0]?.position };
    this.context.taps.add(tap);
  }

  private stopWatching(): void {
    this.generation++;
    if (this.watch) this.context.taps.remove(this.watch.tap);
    this.watch = undefined;
  }

  private deliver(session: Session, poses: Float32Array): void {
    const watch = this.watch;
    if (!watch || this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    const env = watch.tap.env;
    const task = taskOf(session, env);
    if (task !== watch.task) this.refreshGoal(watch, task);
    const { episodeStep, return: episodeReturn, success } = envSummary(session, env);
    this.socket.send(encodePoseFrame({ episodeStep, episodeReturn, success, goal: watch.goal, poses }));
  }

  /** The env was reset to another task: its goal marker moves once that task's scene is known. */
  private refreshGoal(watch: Watch, task: number): void {
    watch.task = task;
    this.context.scene(watch.session.spec.id, task).then(
      (scene) => { if (watch.task === task) watch.goal = scene.goals[0]?.position; },
      () => undefined,
    );
  }
}

function tokensEqual(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
