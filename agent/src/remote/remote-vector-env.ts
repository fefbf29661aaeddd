// A vector of `count` envs spread over one or more env servers. Slot i (the agent's env index) starts on server
// i mod S; each server holds one session with its slots, created with auto-reset OFF so that every episode starts
// from a seed the agent chose (slot i's episode k gets seed hash(hash(seed, i), k)): trajectories then do not
// depend on which server runs a slot. Each step sends one request per session on that server's StepStream, all
// servers at once, and assembles the results by slot index, so their order never depends on network timing.
//
// Failures: a dropped stream is re-attached (AttachSession; the step is re-sent only if the server shows it was not
// applied, otherwise the slots' episodes are reported lost). A forgotten session (NOT_FOUND: lease expired, worker
// crashed) is re-created on the same server, its running episodes lost. A server that stays unreachable is dropped:
// its running episodes are lost and its slots re-created on the surviving servers (fresh sessions; each slot goes
// on with the next seed of its own sequence). Each event is logged. Where slots live: slot-placement.ts; what
// happens after a failure: session-recovery.ts.
import type { ChannelCredentials } from '@grpc/grpc-js';
import { decodeFloat32, encodeTensor, type EnvSpec as ProtoEnvSpec, type SceneSpec, type StepResponse } from '@qflow/proto';
import type { Env, EnvDims, EnvStepResult, StepOptions } from '../envs/vector-env.js';
import type { OnlineEnv, OnlineStepResult } from '../envs/vector-env.js';
import { mixSeeds } from '../random/seed-mixing.js';
import { LinkError, ServerLink } from './server-link.js';
import { SessionRecovery, type DropEpisodes } from './session-recovery.js';
import { dealSlots, SlotPlacement, type Session } from './slot-placement.js';

export interface RemoteVectorEnvOptions {
  /** Resolved server addresses (host:port). */
  servers: string[];
  /** Env id or alias, e.g. cube-single-play-singletask-task1-v0. */
  envId: string;
  count: number;
  /** Root of the slots' seed sequences (and of the sessions' seeds). */
  seed: number;
  /** Task played by online episodes (0 = the env's default task). */
  taskId?: number;
  leaseSeconds?: number;
  credentials?: ChannelCredentials;
  log?: (line: string) => void;
  /** Re-attach attempts before a server is declared dead (default 3; delay k × retryDelayMs before attempt k). */
  reattachAttempts?: number;
  retryDelayMs?: number;
}

/** Thrown by `step`/`reset` (the evaluation interface) when episodes were lost; the env is usable again. */
export class EpisodesLostError extends Error {}

interface RawStep {
  obs: Float32Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  success: Uint8Array;
  lost: Uint8Array;
  /** [count, nbody, 7] when poses were asked for. */
  poses?: Float32Array;
}

export interface RemoteEnvStats {
  waitMs: number;
  envSteps: number;
  reattaches: number;
  sessionsRecreated: number;
  serversLost: number;
  lostEpisodes: number;
}

export class RemoteVectorEnv implements Env, OnlineEnv {
  readonly spec: EnvDims;
  readonly count: number;
  readonly stats: RemoteEnvStats = { waitMs: 0, envSteps: 0, reattaches: 0, sessionsRecreated: 0, serversLost: 0, lostEpisodes: 0 };
  private readonly layout: SlotPlacement;
  private readonly recovery: SessionRecovery;
  private readonly episodeSteps: Int32Array;
  private readonly running: Uint8Array;
  private readonly episodeIndex: Uint32Array;
  private readonly lastObs: Float32Array;
  private sessionsMade = 0;
  private readonly log: (line: string) => void;

  private constructor(private readonly opts: RemoteVectorEnvOptions, links: ServerLink[], spec: EnvDims, private readonly envId: string) {
    this.spec = spec;
    this.count = opts.count;
    this.layout = new SlotPlacement(links, opts.count);
    this.episodeSteps = new Int32Array(opts.count);
    this.running = new Uint8Array(opts.count);
    this.episodeIndex = new Uint32Array(opts.count);
    this.lastObs = new Float32Array(opts.count * spec.obsDim);
    this.log = opts.log ?? (() => {});
    this.recovery = new SessionRecovery(this.layout, {
      openSession: (link, slots) => this.createSession(link, slots), counters: this.stats, log: this.log,
      reattachAttempts: opts.reattachAttempts, retryDelayMs: opts.retryDelayMs,
    });
  }

  /** Connects to every server, checks they serve the env, and spreads the slots over them. */
  static async connect(opts: RemoteVectorEnvOptions): Promise<RemoteVectorEnv> {
    if (!Number.isInteger(opts.count) || opts.count < 1) throw new Error(`RemoteVectorEnv: count must be an integer >= 1, got ${opts.count}`);
    if (!opts.servers.length) throw new Error('RemoteVectorEnv: no env servers given');
    const links = opts.servers.map((a) => new ServerLink(a, opts.credentials));
    try {
      const specs = await Promise.all(links.map((l) => l.getEnvSpec(opts.envId)));
      const first = specs[0]!.spec!;
      specs.forEach((s, i) => {
        if (s.spec!.id !== first.id || !sameShape(s.spec!, first)) {
          throw new Error(`env server ${links[i]!.address} serves '${opts.envId}' as ${s.spec!.id} ` +
            `(obs [${s.spec!.observation?.shape}]), but ${links[0]!.address} as ${first.id} (obs [${first.observation?.shape}])`);
        }
      });
      const env = new RemoteVectorEnv(opts, links, toEnvDims(first), first.id);
      const bySlot = dealSlots(Array.from({ length: opts.count }, (_, i) => i), links.length);
      await Promise.all(links.map((l, k) => (bySlot[k]!.length ? env.createSession(l, bySlot[k]!) : undefined)));
      return env;
    } catch (err) {
      for (const l of links) l.close();
      throw err;
    }
  }

  /** Slot → server address (for logs and tests). */
  get placement(): string[] {
    return this.layout.addresses;
  }

  get servers(): string[] {
    return this.layout.links.map((l) => l.address);
  }

  /** Step streams opened over all servers (more than one per server after drops). */
  get streamsOpened(): number {
    return this.layout.links.reduce((a, l) => a + l.streamsOpened, 0);
  }

  get waitMs(): number {
    return this.stats.waitMs;
  }

  // ---- the evaluation interface (envs/vector-env.ts Env): explicit seeds, no auto-reset ----

  async reset(seeds: number[], taskIds: number[]): Promise<Float32Array> {
    if (seeds.length !== this.count || taskIds.length !== this.count) {
      throw new Error(`RemoteVectorEnv.reset: need ${this.count} seeds and task ids, got ${seeds.length} and ${taskIds.length}`);
    }
    return this.timed(async () => {
      // Every slot is reset, so a server dying meanwhile cannot take a running episode with it.
      await this.resetSlots(Array.from({ length: this.count }, (_, i) => i), seeds, taskIds);
      return this.lastObs.slice();
    });
  }

  async step(actions: Float32Array, options: StepOptions = {}): Promise<EnvStepResult> {
    return this.timed(async () => {
      const active = this.running.slice();
      const r = await this.stepOnce(actions, active, options.renderPoses);
      for (let i = 0; i < this.count; i++) if (active[i] && (r.terminated[i] || r.truncated[i])) this.running[i] = 0;
      const lost = [...r.lost.keys()].filter((i) => r.lost[i]);
      if (lost.length) throw new EpisodesLostError(`episodes of env slots [${lost}] were lost; reset before stepping again`);
      const result: EnvStepResult = { observations: r.obs, rewards: r.rewards, terminated: r.terminated, truncated: r.truncated, success: r.success };
      if (r.poses) result.bodyPoses = r.poses;
      return result;
    });
  }

  /** The static scene of this env id with the goal markers of `taskId` (for renderers). */
  async sceneSpec(taskId: number): Promise<SceneSpec> {
    const link = this.layout.links[0];
    if (!link) throw new Error('RemoteVectorEnv: no env server left to ask for the scene');
    const res = await link.getSceneSpec(this.envId, taskId);
    if (!res.scene) throw new Error(`env server ${link.address} sent no scene for ${this.envId}`);
    return res.scene;
  }

  // ---- the online interface: auto-reset from each slot's seed sequence ----

  async start(): Promise<Float32Array> {
    return this.timed(async () => {
      let todo = Array.from({ length: this.count }, (_, i) => i);
      while (todo.length) todo = await this.resetSlots(todo, todo.map((s) => this.nextSeed(s)), todo.map(() => this.opts.taskId ?? 0));
      return this.lastObs.slice();
    });
  }

  async stepAutoReset(actions: Float32Array): Promise<OnlineStepResult> {
    return this.timed(async () => {
      const r = await this.stepOnce(actions, new Uint8Array(this.count).fill(1));
      const nextObservations = r.obs.slice();
      let todo = [...r.lost.keys()].filter((i) => r.lost[i] || r.terminated[i] || r.truncated[i]);
      while (todo.length) {
        const lostElsewhere = await this.resetSlots(todo, todo.map((s) => this.nextSeed(s)), todo.map(() => this.opts.taskId ?? 0));
        for (const s of lostElsewhere) r.lost[s] = 1;
        todo = lostElsewhere;
      }
      return {
        observations: this.lastObs.slice(), nextObservations, rewards: r.rewards, terminated: r.terminated,
        truncated: r.truncated, success: r.success, lost: r.lost,
      };
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.layout.sessions.map((s) => s.link.closeSession(s.id)));
    for (const l of this.layout.links) l.close();
    this.layout.clear();
  }

  // ---- internals ----

  private async timed<T>(body: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await body();
    } finally {
      this.stats.waitMs += performance.now() - t0;
    }
  }

  private nextSeed(slot: number): number {
    return mixSeeds(mixSeeds(this.opts.seed, slot), this.episodeIndex[slot]!++);
  }

  private async createSession(link: ServerLink, slots: number[]): Promise<Session> {
    const res = await link.createSession({
      envId: this.envId, numEnvs: slots.length, seed: BigInt(mixSeeds(this.opts.seed, 0x5e55 + this.sessionsMade++)),
      leaseSeconds: this.opts.leaseSeconds ?? 0, taskId: this.opts.taskId ?? 0, disableAutoReset: true,
    });
    const session: Session = { link, id: res.sessionId, slots };
    for (const s of slots) {
      this.running[s] = 0;
      this.episodeSteps[s] = 0;
    }
    this.layout.add(session);
    return session;
  }

  /** Steps the `active` slots once (with body poses for the slots set in `renderPoses`); handles dropped streams,
   * lost sessions and dead servers. */
  private async stepOnce(actions: Float32Array, active: Uint8Array, renderPoses?: Uint8Array): Promise<RawStep> {
    const { actDim } = this.spec;
    if (actions.length !== this.count * actDim) {
      throw new Error(`RemoteVectorEnv.step: actions have length ${actions.length}, expected ${this.count} x ${actDim}`);
    }
    const n = this.count;
    const out: RawStep = {
      obs: this.lastObs.slice(), rewards: new Float32Array(n), terminated: new Uint8Array(n), truncated: new Uint8Array(n),
      success: new Uint8Array(n), lost: new Uint8Array(n),
    };
    const groups = this.layout.groups((s) => active[s] === 1);
    const wantsPoses = (slots: number[]) => slots.some((s) => renderPoses?.[s] === 1);
    const settled = await Promise.allSettled(groups.map((g) => this.sendStep(g.session, g.slots, actions, wantsPoses(g.slots))));
    const failed: { session: Session; slots: number[]; error: LinkError }[] = [];
    settled.forEach((res, k) => {
      if (res.status === 'fulfilled') this.absorb(groups[k]!.slots, res.value, out);
      else failed.push({ ...groups[k]!, error: res.reason as LinkError });
    });
    for (const f of failed) {
      if (!this.layout.holds(f.session)) {
        for (const s of f.slots) this.markLost(s, out); // already moved by an earlier failover
        continue;
      }
      const response = await this.recoverStep(f.session, f.slots, actions, wantsPoses(f.slots), f.error, out);
      if (response) this.absorb(f.slots, response, out);
    }
    this.stats.envSteps += active.reduce((a, b) => a + b, 0) - out.lost.reduce((a, b) => a + b, 0);
    return out;
  }

  private sendStep(session: Session, slots: number[], actions: Float32Array, renderPoses = false): Promise<StepResponse> {
    const { actDim } = this.spec;
    const batch = new Float32Array(slots.length * actDim);
    slots.forEach((s, j) => batch.set(actions.subarray(s * actDim, (s + 1) * actDim), j * actDim));
    const envIds = slots.map((s) => this.layout.localIndex(s));
    return session.link.step({ sessionId: session.id, envIds, actions: encodeTensor(batch, [slots.length, actDim]), renderPoses });
  }

  private absorb(slots: number[], r: StepResponse, out: RawStep): void {
    const { obsDim } = this.spec;
    const obs = decodeFloat32(r.observations!);
    if (r.envIds.length !== slots.length || obs.length !== slots.length * obsDim) {
      throw new Error(`env server answered ${r.envIds.length} envs / ${obs.length} values for ${slots.length} envs stepped`);
    }
    slots.forEach((s, j) => {
      const row = obs.subarray(j * obsDim, (j + 1) * obsDim);
      out.obs.set(row, s * obsDim);
      this.lastObs.set(row, s * obsDim);
      out.rewards[s] = r.rewards[j]!;
      out.terminated[s] = r.terminated[j] ? 1 : 0;
      out.truncated[s] = r.truncated[j] ? 1 : 0;
      out.success[s] = r.success[j] ? 1 : 0;
      this.episodeSteps[s]!++;
      if (out.terminated[s] || out.truncated[s]) this.running[s] = 0;
    });
    if (r.bodyPoses) this.absorbPoses(slots, r, out);
  }

  private absorbPoses(slots: number[], r: StepResponse, out: RawStep): void {
    const poses = decodeFloat32(r.bodyPoses!);
    const rowSize = poses.length / slots.length;
    if (!Number.isInteger(rowSize) || rowSize % 7 !== 0) {
      throw new Error(`env server answered ${poses.length} body pose values for ${slots.length} envs (expected k x nbody x 7)`);
    }
    out.poses ??= new Float32Array(this.count * rowSize);
    if (out.poses.length !== this.count * rowSize) throw new Error('env servers disagree on the number of bodies');
    slots.forEach((s, j) => out.poses!.set(poses.subarray(j * rowSize, (j + 1) * rowSize), s * rowSize));
  }

  private markLost(slot: number, out: RawStep): void {
    if (!out.lost[slot]) this.stats.lostEpisodes++;
    out.lost[slot] = 1;
    this.running[slot] = 0;
    out.rewards[slot] = 0;
    out.terminated[slot] = 0;
    out.truncated[slot] = 0;
    out.success[slot] = 0;
  }

  /** Marks the slots' running episodes lost in `out`. */
  private dropInto(out: RawStep): DropEpisodes {
    return (slots) => {
      for (const s of slots) if (this.running[s]) this.markLost(s, out);
    };
  }

  /** After a failed step of `slots` on `session`: the re-sent step's response, or undefined (episodes lost). */
  private async recoverStep(session: Session, slots: number[], actions: Float32Array, renderPoses: boolean, error: LinkError,
    out: RawStep): Promise<StepResponse | undefined> {
    const link = session.link;
    this.log(`env server ${link.address}: step failed (${error.message})`);
    const recovery = await this.recovery.recover(session, error, this.dropInto(out));
    if (recovery.kind === 'replaced') return undefined;
    const applied = slots.filter((s) => recovery.episodeSteps[this.layout.localIndex(s)] !== this.episodeSteps[s]);
    if (applied.length) {
      // The server took the step but its answer was lost with the stream: those episodes cannot go on honestly.
      this.log(`env server ${link.address}: the lost step was applied to slots [${applied}]; their episodes are dropped`);
      for (const s of slots) this.markLost(s, out);
      return undefined;
    }
    try {
      return await this.sendStep(session, slots, actions, renderPoses);
    } catch (err) {
      this.log(`env server ${link.address}: step failed again after re-attach (${(err as Error).message})`);
      await this.recovery.failover(link, this.dropInto(out));
      return undefined;
    }
  }

  /**
   * Resets `slots` with the given seeds and tasks. Returns other slots whose running episodes were lost because
   * their server died during the reset (the caller resets them too).
   */
  private async resetSlots(slots: number[], seeds: number[], taskIds: number[]): Promise<number[]> {
    const { obsDim } = this.spec;
    const seedOf = new Map(slots.map((s, j) => [s, seeds[j]!]));
    const taskOf = new Map(slots.map((s, j) => [s, taskIds[j]!]));
    const scratch: RawStep = {
      obs: this.lastObs, rewards: new Float32Array(this.count), terminated: new Uint8Array(this.count),
      truncated: new Uint8Array(this.count), success: new Uint8Array(this.count), lost: new Uint8Array(this.count),
    };
    let pending = [...slots];
    for (let round = 0; pending.length; round++) {
      if (round > this.opts.servers.length + 2) throw new Error(`RemoteVectorEnv: could not reset slots [${pending}]`);
      const groups = this.layout.groups((s) => pending.includes(s));
      const settled = await Promise.allSettled(groups.map((g) => g.session.link.reset({
        sessionId: g.session.id, envIds: g.slots.map((s) => this.layout.localIndex(s)), seeds: g.slots.map((s) => BigInt(seedOf.get(s)!)),
        taskIds: g.slots.map((s) => taskOf.get(s)!), useSeedSequence: false,
      })));
      const retry: number[] = [];
      for (let k = 0; k < groups.length; k++) {
        const g = groups[k]!;
        const res = settled[k]!;
        if (res.status === 'fulfilled') {
          const obs = decodeFloat32(res.value.observations!);
          g.slots.forEach((s, j) => {
            this.lastObs.set(obs.subarray(j * obsDim, (j + 1) * obsDim), s * obsDim);
            this.running[s] = 1;
            this.episodeSteps[s] = 0;
          });
          continue;
        }
        retry.push(...g.slots);
        if (!this.layout.holds(g.session)) continue;
        const err = res.reason as LinkError;
        this.log(`env server ${g.session.link.address}: reset failed (${err.message})`);
        await this.recovery.recover(g.session, err, this.dropInto(scratch));
      }
      pending = retry;
    }
    const requested = new Set(slots);
    return [...scratch.lost.keys()].filter((s) => scratch.lost[s] && !requested.has(s));
  }
}

function sameShape(a: ProtoEnvSpec, b: ProtoEnvSpec): boolean {
  return String(a.observation?.shape) === String(b.observation?.shape) && String(a.action?.shape) === String(b.action?.shape);
}

function toEnvDims(s: ProtoEnvSpec): EnvDims {
  const size = (shape: number[] | undefined) => (shape ?? []).reduce((a, b) => a * b, 1);
  return {
    obsDim: size(s.observation?.shape),
    actDim: size(s.action?.shape),
    maxEpisodeSteps: s.maxEpisodeSteps,
    taskIds: Array.from({ length: s.numTasks }, (_, i) => i + 1),
  };
}
