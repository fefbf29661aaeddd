// Every status code of the contract for a malformed or premature request, each with "a rejected request changes
// nothing": the request goes to one of two twin sessions; afterwards both step identically and must still agree
// bit for bit (neither the target nor any other session advanced).
import { status } from '@grpc/grpc-js';
import { Dtype } from '../gen/qflow/v1/tensor.js';
import { encodeTensor } from '../tensor-codec.js';
import type { Outcome } from './conformance-client.js';
import { expectStatus, type CheckContext, type Twins } from './check-context.js';
import type { ConformanceCheck } from './conformance-check.js';

type BadRequest = (context: CheckContext, twins: Twins) => Promise<Outcome<unknown>>;

function rejection(name: string, promise: string, code: status, send: BadRequest): ConformanceCheck {
  return {
    name,
    promise: `${promise} → ${status[code]}, and the rejected request changes nothing`,
    async run(context) {
      const twins = await context.twins(2);
      await expectStatus(send(context, twins), code, name);
      await context.stepTwins(twins, [], 'after the rejected request, the target session and its untouched twin');
      await context.sameProgress(twins);
    },
  };
}

/** A Step of session `a` with `actions` (and env ids). */
function badStep(actions: (context: CheckContext) => ReturnType<CheckContext['actionTensor']> | undefined, envIds: number[] = []): BadRequest {
  return (context, twins) => context.client.attempt('step', { sessionId: twins.a, envIds, actions: actions(context), sequence: 0n });
}

/** Good actions for `rows` envs, with element `element` of row `row` replaced by `value`. */
function actionsWith(context: CheckContext, rows: number, row: number, element: number, value: number) {
  const data = new Float32Array(rows * context.actionDim);
  for (let i = 0; i < rows; i++) data.set(context.action(3, i, 0), i * context.actionDim);
  data[row * context.actionDim + element] = value;
  return encodeTensor(data, [rows, context.actionDim]);
}

function goodRows(context: CheckContext, rows: number) {
  return context.actionTensor(Array.from({ length: rows }, (_, i) => context.action(3, i, 0)));
}

function badReset(request: (twins: Twins) => object): BadRequest {
  return (context, twins) => context.client.attempt('reset', { envIds: [], seeds: [], taskIds: [], useSeedSequence: false, ...request(twins) });
}

export const rejectionChecks: ConformanceCheck[] = [
  rejection('step/action-shape', 'Step with actions of the wrong shape (row length)', status.INVALID_ARGUMENT,
    badStep((c) => encodeTensor(new Float32Array(2 * (c.actionDim + 1)), [2, c.actionDim + 1]))),
  rejection('step/action-rows', 'Step with fewer action rows than envs stepped', status.INVALID_ARGUMENT,
    badStep((c) => goodRows(c, 1))),
  rejection('step/action-dtype', 'Step with actions of an integer dtype', status.INVALID_ARGUMENT,
    badStep((c) => encodeTensor(new Int32Array(2 * c.actionDim), [2, c.actionDim]))),
  rejection('step/action-bytes', 'Step with actions whose byte length does not match their shape', status.INVALID_ARGUMENT,
    badStep((c) => ({ dtype: Dtype.DTYPE_FLOAT32, shape: [2, c.actionDim], data: Buffer.alloc(8 * c.actionDim - 4) }))),
  rejection('step/action-nan', 'Step with a NaN in one env\'s action (the other env\'s action valid)', status.INVALID_ARGUMENT,
    badStep((c) => actionsWith(c, 2, 1, 0, NaN))),
  rejection('step/action-inf', 'Step with an Infinity in an action', status.INVALID_ARGUMENT,
    badStep((c) => actionsWith(c, 2, 0, c.actionDim - 1, -Infinity))),
  rejection('step/actions-missing', 'Step without actions', status.INVALID_ARGUMENT, badStep(() => undefined)),
  rejection('step/env-index-range', 'Step naming an env index beyond the session', status.INVALID_ARGUMENT,
    badStep((c) => goodRows(c, 2), [0, 2])),
  rejection('step/env-index-duplicate', 'Step naming one env index twice', status.INVALID_ARGUMENT,
    badStep((c) => goodRows(c, 2), [1, 1])),
  rejection('reset/seed-count', 'Reset with fewer seeds than envs', status.INVALID_ARGUMENT,
    badReset((t) => ({ sessionId: t.a, seeds: [1n] }))),
  rejection('reset/task-id', 'Reset with a task id beyond num_tasks', status.INVALID_ARGUMENT,
    badReset((t) => ({ sessionId: t.a, seeds: [1n, 2n], taskIds: [0, 1_000_000] }))),
  rejection('reset/env-index-range', 'Reset naming an env index beyond the session', status.INVALID_ARGUMENT,
    badReset((t) => ({ sessionId: t.a, envIds: [0, 7], seeds: [1n, 2n] }))),
  {
    name: 'step/before-reset',
    promise: 'Step of an env that was never reset → FAILED_PRECONDITION, and the rejected request changes nothing',
    async run(context) {
      // Only env 1 of each twin is reset; a step of both envs must fail without advancing env 1.
      const request = { seed: 99n };
      const a = (await context.createSession(2, request)).sessionId;
      const b = (await context.createSession(2, request)).sessionId;
      for (const id of [a, b]) await context.reset(id, [5n], [1]);
      const twins = { a, b, numEnvs: 2, steps: 0 };
      await expectStatus(badStep((c) => goodRows(c, 2))(context, twins), status.FAILED_PRECONDITION, 'Step of envs 0 (never reset) and 1');
      await context.stepTwins(twins, [1], 'env 1 of the target session and of its untouched twin');
      await context.sameProgress(twins);
    },
  },
  {
    name: 'session/not-found',
    promise: 'Step, Reset, AttachSession and CloseSession of an unknown or closed session id → NOT_FOUND',
    async run(context) {
      const unknown = [`${context.info.instanceId}conformance-unknown`, 'conformance-never-issued'];
      const closed = (await context.createSession(1)).sessionId;
      await context.client.call('closeSession', { sessionId: closed });
      for (const sessionId of [...unknown, closed]) {
        const calls: [string, object][] = [
          ['step', { sessionId, envIds: [], actions: goodRows(context, 1), sequence: 0n }],
          ['reset', { sessionId, envIds: [], seeds: [1n], taskIds: [], useSeedSequence: false }],
          ['attachSession', { sessionId }],
          ['closeSession', { sessionId }],
        ];
        for (const [method, request] of calls) {
          await expectStatus(context.client.attempt(method, request), status.NOT_FOUND, `${method} of session '${sessionId}'`);
        }
      }
    },
  },
  {
    name: 'create/invalid',
    promise: 'CreateSession with an unknown env id, num_envs 0 or above the env id\'s EnvSpec.max_envs_per_session, or an unknown task id → INVALID_ARGUMENT',
    async run(context) {
      const { spec } = context;
      const cases: [string, object][] = [
        ['unknown env id', { envId: 'conformance-no-such-env-v0' }],
        ['num_envs 0', { numEnvs: 0 }],
        [`num_envs ${spec.maxEnvsPerSession + 1} > max_envs_per_session of ${spec.id}`, { numEnvs: spec.maxEnvsPerSession + 1 }],
        [`task_id ${spec.numTasks + 1} > num_tasks`, { taskId: spec.numTasks + 1 }],
      ];
      for (const [what, extra] of cases) {
        const request = context.sessionRequest(1, extra);
        const outcome = await context.client.attempt<{ sessionId: string }>('createSession', request);
        if (outcome.ok) context.track(outcome.value.sessionId);
        await expectStatus(Promise.resolve(outcome), status.INVALID_ARGUMENT, `CreateSession with ${what}`);
      }
    },
  },
];
