// A scripted viewer-protocol client over `ws`: queues what the server sends and waits for a given message type.
import { WebSocket } from 'ws';
import { decodePoseFrame, type PoseFrame } from '../../src/viewer/pose-frame.js';

type Json = { type: string; [key: string]: any };

export class ViewerClient {
  readonly socket: WebSocket;
  private readonly inbox: (Json | PoseFrame)[] = [];
  private waiter: (() => void) | undefined;
  /** Resolves with the close code once the socket closes. */
  readonly closed: Promise<number>;

  constructor(url: string, origin?: string, tls: { ca?: Buffer } = {}) {
    this.socket = new WebSocket(url.replace(/^http/, 'ws') + 'ws', { ...tls, ...(origin ? { origin } : {}) });
    this.socket.on('message', (data, isBinary) => {
      this.inbox.push(isBinary ? decodePoseFrame(data as Buffer) : JSON.parse(String(data)));
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => this.socket.on('close', (code) => { resolve(code); this.waiter?.(); }));
  }

  sendJson(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The next text message of `type` (messages of other types before it are dropped). */
  async next(type: string): Promise<Json> {
    return this.take((m) => 'type' in m && m.type === type) as Promise<Json>;
  }

  /** Whether a pose frame has arrived and not been taken. */
  hasFrame(): boolean {
    return this.inbox.some((m) => 'poses' in m);
  }

  /** The next binary pose frame. */
  async frame(): Promise<PoseFrame> {
    return this.take((m) => 'poses' in m) as Promise<PoseFrame>;
  }

  private async take(match: (m: Json | PoseFrame) => boolean): Promise<Json | PoseFrame> {
    for (;;) {
      const index = this.inbox.findIndex(match);
      if (index >= 0) return this.inbox.splice(0, index + 1).pop()!;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed; inbox: ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((resolve) => { this.waiter = resolve; });
    }
  }

  /** Connects, says hello (with `token` if given) and waits for ready. */
  static async ready(url: string, token?: string): Promise<ViewerClient> {
    const client = new ViewerClient(url);
    await client.next('welcome');
    client.sendJson({ type: 'hello', token });
    await client.next('ready');
    return client;
  }

  close(): void {
    this.socket.terminate();
  }
}
