// StepStream: responses in request order carrying their request's sequence, per-request errors that leave the
// stream open, requests naming several sessions; and re-attaching to a session after the connection dropped.
import { status } from '@grpc/grpc-js';
import type { StepRequest, StepResponse } from '../gen/qflow/v1/environment.js';
import { encodeTensor } from '../tensor-codec.js';
import { ConformanceClient, collectStream } from './conformance-client.js';
import { Broken, sameStepResults, type CheckContext, type Twins } from './check-context.js';
import type { ConformanceCheck } from './conformance-check.js';

/** One pipelined request: sent to the target session, replayed on its twin when expected to succeed. */
interface Planned {
  request: StepRequest;
  expect: status;
  twin?: string;
}

function plan(context: CheckContext, first: Twins, second: Twins): Planned[] {
  const planned: Planned[] = [];
  const counters = new Map<Twins, number>([[first, first.steps], [second, second.steps]]);
  const good = (twins: Twins) => {
    const t = counters.get(twins)!;
    counters.set(twins, t + 1);
    const actions = context.actionTensor(Array.from({ length: twins.numEnvs }, (_, env) => context.action(11, env, t)));
    return { request: { sessionId: twins.a, envIds: [], actions, sequence: 0n, renderPoses: false }, expect: status.OK, twin: twins.b };
  };
  const bad = (request: Omit<StepRequest, 'sequence'>, expect: status) => ({ request: { ...request, sequence: 0n }, expect });
  const dim = context.actionDim;
  planned.push(good(first));
  planned.push(bad({ sessionId: first.a, envIds: [], actions: encodeTensor(new Float32Array(2 * dim).fill(NaN), [2, dim]), renderPoses: false }, status.INVALID_ARGUMENT));
  planned.push(good(second));
  planned.push(bad({ sessionId: `${context.info.instanceId}conformance-unknown`, envIds: [], actions: encodeTensor(new Float32Array(2 * dim), [2, dim]), renderPoses: false }, status.NOT_FOUND));
  planned.push(good(first));
  planned.push(bad({ sessionId: first.a, envIds: [], actions: encodeTensor(new Float32Array(dim), [1, dim]), renderPoses: false }, status.INVALID_ARGUMENT));
  planned.push(bad({ sessionId: first.a, envIds: [0, 9], actions: encodeTensor(new Float32Array(2 * dim), [2, dim]), renderPoses: false }, status.INVALID_ARGUMENT));
  for (let i = 0; i < 12; i++) planned.push(good(i % 3 === 0 ? second : first));
  // Sequence numbers out of numeric order: responses must follow request order, not sort by sequence.
  planned.forEach((p, i) => { p.request.sequence = BigInt((i * 7919) % 1009); });
  return planned;
}

function isEmptyResponse(r: StepResponse): boolean {
  return r.envIds.length === 0 && r.observations === undefined && r.rewards.length === 0 && r.finalObservations === undefined;
}

export const streamChecks: ConformanceCheck[] = [
  {
    name: 'stream/order-and-errors',
    promise: 'StepStream answers every request in request order with its sequence; a bad request gets a response with `error` set (and no other fields) and the stream goes on; results equal unary Step',
    async run(context) {
      const first = await context.twins(2);
      const second = await context.twins(1);
      const planned = plan(context, first, second);
      const stream = context.client.stepStream();
      const done = collectStream(stream);
      for (const p of planned) stream.write(p.request);
      stream.end();
      const { responses, code, details } = await done;
      if (code !== status.OK) throw new Broken(`the stream ended with ${status[code]} (${details}) after ${responses.length} of ${planned.length} responses`);
      if (responses.length !== planned.length) throw new Broken(`${planned.length} requests got ${responses.length} responses`);
      for (const [i, p] of planned.entries()) {
        const r = responses[i]!;
        if (r.sequence !== p.request.sequence) throw new Broken(`response ${i} carries sequence ${r.sequence}, request ${i} had ${p.request.sequence}`);
        const got = r.error?.code ?? status.OK;
        if (got !== p.expect) throw new Broken(`request ${i} (sequence ${r.sequence}): error code ${status[got] ?? got}, expected ${status[p.expect]}`);
        if (p.expect !== status.OK && !isEmptyResponse(r)) throw new Broken(`request ${i}: an error response also carries step results`);
        if (p.twin) {
          const unary = await context.step(p.twin, p.request.actions, p.request.envIds);
          sameStepResults(r, unary, `request ${i} on StepStream vs the same step of the twin session by unary Step`);
        }
      }
    },
  },
  {
    name: 'session/reattach',
    promise: 'After a dropped StepStream and connection, AttachSession (within the lease) reports each env\'s episode steps and readiness, and stepping continues the same episodes',
    async run(context) {
      const twins = await context.twins(2, 0);
      const actionsAt = (t: number) => context.actionTensor([context.action(13, 0, t), context.action(13, 1, t)]);
      const dropped = new ConformanceClient(context.client.connection);
      const before: StepResponse[] = [];
      const stream = dropped.stepStream();
      stream.on('data', (r: StepResponse) => before.push(r));
      stream.on('error', () => undefined);
      for (let t = 0; t < 3; t++) stream.write({ sessionId: twins.a, envIds: [], actions: actionsAt(t), sequence: BigInt(t), renderPoses: false });
      while (before.length < 3) {
        if (before.some((r) => r.error)) throw new Broken(`a step on the first stream failed: ${before.find((r) => r.error)!.error!.message}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      stream.cancel();
      dropped.close();

      const attached = await context.attach(twins.a);
      if (attached.sessionId !== twins.a || attached.numEnvs !== 2 || attached.spec?.id !== context.spec.id) {
        throw new Broken(`AttachSession answered session '${attached.sessionId}', ${attached.numEnvs} envs, env id '${attached.spec?.id}'`);
      }
      if (String(attached.episodeSteps) !== '3,3' || String(attached.ready) !== 'true,true') {
        throw new Broken(`after 3 steps AttachSession reports episode_steps [${attached.episodeSteps}], ready [${attached.ready}]; expected [3,3], [true,true]`);
      }
      if (!(attached.leaseSeconds > 0)) throw new Broken(`AttachSession reports lease_seconds ${attached.leaseSeconds}`);
      for (let t = 0; t < 3; t++) sameStepResults(before[t]!, await context.step(twins.b, actionsAt(t)), `step ${t} before the drop vs the twin session`);
      const resumed = context.client.stepStream();
      const done = collectStream(resumed);
      for (let t = 3; t < 6; t++) resumed.write({ sessionId: twins.a, envIds: [], actions: actionsAt(t), sequence: BigInt(t), renderPoses: false });
      resumed.end();
      const { responses, code } = await done;
      if (code !== status.OK || responses.length !== 3) throw new Broken(`the resumed stream ended with ${status[code]} after ${responses.length} of 3 responses`);
      for (const [i, r] of responses.entries()) {
        sameStepResults(r, await context.step(twins.b, actionsAt(3 + i)), `step ${3 + i} after re-attaching vs the twin session`);
      }
    },
  },
];
