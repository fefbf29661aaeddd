// Episodes: auto-reset with final observations and sequence seeds, and seed determinism across sessions and
// batch positions.
import { status } from '@grpc/grpc-js';
import type { ResetResponse, StepResponse } from '../gen/qflow/v1/environment.js';
import { collectStream } from './conformance-client.js';
import { Broken, rowBits, sameTensorBits, type CheckContext } from './check-context.js';
import type { ConformanceCheck } from './conformance-check.js';

function sequenceReset(context: CheckContext, sessionId: string): Promise<ResetResponse> {
  return context.client.call<ResetResponse>('reset', { sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true });
}

/** Steps sessions `auto` and `manual` in lockstep over one stream, `count` steps each; returns both response lists. */
async function lockstep(context: CheckContext, auto: string, manual: string, count: number): Promise<[StepResponse[], StepResponse[]]> {
  const stream = context.client.stepStream();
  const done = collectStream(stream);
  for (let t = 0; t < count; t++) {
    const actions = context.actionTensor([context.action(17, 0, t), context.action(17, 1, t)]);
    stream.write({ sessionId: auto, envIds: [], actions, sequence: BigInt(2 * t), renderPoses: false });
    stream.write({ sessionId: manual, envIds: [], actions, sequence: BigInt(2 * t + 1), renderPoses: false });
  }
  stream.end();
  const { responses, code, details } = await done;
  if (code !== status.OK || responses.length !== 2 * count) throw new Broken(`the stream ended with ${status[code]} (${details}) after ${responses.length} of ${2 * count} responses`);
  return [responses.filter((_, i) => i % 2 === 0), responses.filter((_, i) => i % 2 === 1)];
}

function ended(r: StepResponse): number[] {
  return r.envIds.map((_, row) => row).filter((row) => r.terminated[row] || r.truncated[row]);
}

async function checkAutoReset(context: CheckContext): Promise<void> {
  const maxSteps = context.spec.maxEpisodeSteps;
  const root = 31n;
  const auto = (await context.createSession(2, { seed: root })).sessionId;
  const manual = (await context.createSession(2, { seed: root, disableAutoReset: true })).sessionId;
  const sequence = (await context.createSession(2, { seed: root })).sessionId;
  for (const id of [auto, manual]) await context.reset(id, [51n, 52n]);
  const [autoSteps, manualSteps] = await lockstep(context, auto, manual, maxSteps + 1);
  const e = autoSteps.findIndex((r) => r.error || ended(r).length > 0);
  if (e < 0) throw new Broken(`no episode ended within max_episode_steps (${maxSteps}) steps`);
  if (autoSteps[e]!.error) throw new Broken(`step ${e} of the auto-reset session failed: ${autoSteps[e]!.error!.message}`);
  for (let t = 0; t < e; t++) {
    sameTensorBits(autoSteps[t]!.observations, manualSteps[t]!.observations, `step ${t}: auto-reset on vs off`);
  }
  const last = autoSteps[e]!;
  const rows = ended(last);
  const manualLast = manualSteps[e]!;
  if (String(manualLast.terminated) !== String(last.terminated) || String(manualLast.truncated) !== String(last.truncated)) {
    throw new Broken(`step ${e}: terminated/truncated differ between auto-reset on and off`);
  }
  for (const row of rows) {
    const truncatedNow = e + 1 === maxSteps && !last.terminated[row];
    if (Boolean(last.truncated[row]) !== truncatedNow) {
      throw new Broken(`env ${row} ended at step ${e + 1} of max_episode_steps ${maxSteps} with terminated ${last.terminated[row]}, truncated ${last.truncated[row]}`);
    }
  }
  const finals = last.finalObservations;
  if (!finals || finals.shape[0] !== rows.length || last.resetSeeds.length !== rows.length) {
    throw new Broken(`step ${e}: ${rows.length} env(s) ended but final_observations has ${finals?.shape[0] ?? 0} rows and reset_seeds ${last.resetSeeds.length}`);
  }
  // The stepped-but-not-reset twin holds the last observation of the finished episode.
  rows.forEach((row, i) => {
    if (!rowBits(finals, i).equals(rowBits(manualLast.observations!, row))) throw new Broken(`env ${row}: final_observations row ${i} is not the episode's last observation`);
  });
  const afterEnd = manualSteps[e + 1];
  if (afterEnd && afterEnd.error?.code !== status.FAILED_PRECONDITION) {
    throw new Broken(`with auto-reset off, stepping an env whose episode ended answered ${status[afterEnd.error?.code ?? 0]}, expected FAILED_PRECONDITION`);
  }
  // Auto-reset seeds are the first of each env's sequence (explicit resets do not draw from it).
  const sequenceSeeds = (await sequenceReset(context, sequence)).seeds;
  rows.forEach((row, i) => {
    if (last.resetSeeds[i] !== sequenceSeeds[row]) throw new Broken(`env ${row} was auto-reset with seed ${last.resetSeeds[i]}; the first seed of its sequence is ${sequenceSeeds[row]}`);
  });
  // The new episode's first observation equals a reset with that seed.
  const manualReset = await context.reset(manual, rows.map((i) => last.resetSeeds[i]!), rows);
  rows.forEach((row, i) => {
    if (!rowBits(last.observations!, row).equals(rowBits(manualReset.observations!, i))) throw new Broken(`env ${row}: the observation after auto-reset is not the first observation of an episode reset with seed ${last.resetSeeds[i]}`);
  });
}

/** Logical env `k` lives in slot `slot[k]` of each session; its seed and actions follow it. */
async function checkDeterminism(context: CheckContext): Promise<void> {
  const seeds = [71n, 72n, 73n, 74n];
  const slotsA = [0, 1, 2];          // session A: 3 envs holding logical envs 0, 1, 2
  const slotsB = [1, 2, 0, 3];       // session B: 4 envs; logical env k in slot slotsB[k] (env 3 only in B)
  const a = (await context.createSession(3, { seed: 1n })).sessionId;
  const b = (await context.createSession(4, { seed: 2n })).sessionId;
  const resetA = await context.reset(a, seeds.slice(0, 3));
  const seedsB = new Array<bigint>(4);
  slotsB.forEach((slot, k) => { seedsB[slot] = seeds[k]!; });
  const resetB = await context.reset(b, seedsB);
  for (let k = 0; k < 3; k++) {
    if (!rowBits(resetA.observations!, slotsA[k]!).equals(rowBits(resetB.observations!, slotsB[k]!))) {
      throw new Broken(`reset with seed ${seeds[k]}: first observations differ between sessions / batch positions`);
    }
  }
  const stepsOf = [0, 0, 0, 0];
  for (let t = 0; t < 8; t++) {
    const logicalA = t % 2 ? [2, 0] : [0, 1, 2];
    const logicalB = [...logicalA].reverse().concat(t % 3 ? [3] : []);
    const actionsOf = (k: number) => context.action(19, k, stepsOf[k]!);
    const ra = await context.step(a, context.actionTensor(logicalA.map(actionsOf)), logicalA.map((k) => slotsA[k]!));
    const rb = await context.step(b, context.actionTensor(logicalB.map(actionsOf)), logicalB.map((k) => slotsB[k]!));
    for (const [rowA, k] of logicalA.entries()) {
      const rowB = logicalB.indexOf(k);
      const same = rowBits(ra.observations!, rowA).equals(rowBits(rb.observations!, rowB))
        && Object.is(ra.rewards[rowA], rb.rewards[rowB]) && ra.terminated[rowA] === rb.terminated[rowB] && ra.truncated[rowA] === rb.truncated[rowB];
      if (!same) throw new Broken(`step ${t}: env seeded ${seeds[k]} (slot ${slotsA[k]} of a 3-env session, row ${rowA}) and its copy (slot ${slotsB[k]} of a 4-env session, row ${rowB}) differ`);
    }
    for (const k of logicalB) stepsOf[k]!++;
  }
}

async function checkSeedSequence(context: CheckContext): Promise<void> {
  const x = (await context.createSession(2, { seed: 123n })).sessionId;
  const y = (await context.createSession(3, { seed: 123n })).sessionId;
  const [rx, ry] = [await sequenceReset(context, x), await sequenceReset(context, y)];
  if (String(rx.seeds) !== String(ry.seeds.slice(0, 2))) throw new Broken(`sessions with seed 123 drew sequence seeds [${rx.seeds}] and [${ry.seeds}]`);
  for (let i = 0; i < 2; i++) {
    if (!rowBits(rx.observations!, i).equals(rowBits(ry.observations!, i))) throw new Broken(`env ${i}: first observations after a sequence reset differ between sessions of the same seed`);
  }
  const next = await sequenceReset(context, x);
  if (next.seeds.some((s, i) => s === rx.seeds[i])) throw new Broken(`a second sequence reset drew the same seeds [${next.seeds}] again`);
}

export const episodeChecks: ConformanceCheck[] = [
  {
    name: 'episode/auto-reset',
    promise: 'When an episode ends, the env is auto-reset in the same Step: final_observations holds the last observation, observations the new first one, reset_seeds the next seed of the env\'s sequence; with auto-reset off the next step → FAILED_PRECONDITION',
    run: checkAutoReset,
  },
  {
    name: 'determinism/seeds',
    promise: 'The same seed and actions give bit-identical observations and rewards whatever the session, batch size, env index and row order',
    run: checkDeterminism,
  },
  {
    name: 'determinism/seed-sequence',
    promise: 'Sequence seeds of env i derive from (session seed, i) alone, and advance with each draw',
    run: checkSeedSequence,
  },
];
