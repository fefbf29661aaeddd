// Bounds every server enforces: name lengths (INVALID_ARGUMENT with a short message that quotes a short prefix),
// the gRPC message size, and instance ids at the start of session ids.
import { status, type ServiceError } from '@grpc/grpc-js';
import type { ListDatasetsResponse } from '../gen/qflow/v1/dataset.js';
import type { ListEnvsResponse } from '../gen/qflow/v1/environment.js';
import { Dtype } from '../gen/qflow/v1/tensor.js';
import { MAX_MESSAGE_BYTES, QUOTED_PREFIX_CHARS } from '../limits.js';
import { ConformanceClient, type Outcome } from './conformance-client.js';
import { Broken, expectStatus, type CheckContext } from './check-context.js';
import type { ConformanceCheck } from './conformance-check.js';

/** Longest status message a refusal of a long name may carry (it quotes at most a short prefix of the name). */
const SHORT_MESSAGE_CHARS = 512;
const HOSTILE_NAME_BYTES = 100_000;
/** Deadline of the long-name calls: a server may wedge the connection instead of answering. */
const LONG_NAME_DEADLINE_MS = 10_000;

/** A server-streaming call's final status, as an Outcome. */
function streamOutcome(stream: NodeJS.EventEmitter): Promise<Outcome<unknown>> {
  return new Promise((resolve) => {
    stream.on('data', () => undefined);
    stream.on('error', (e: ServiceError) => resolve({ ok: false, code: e.code, details: e.details ?? e.message }));
    stream.on('end', () => resolve({ ok: true, value: undefined }));
  });
}

/** Every call that takes a client-chosen name, sending `name` in that place. */
function nameCalls(context: CheckContext, client: ConformanceClient, dataset: string | undefined): [string, (name: string) => Promise<Outcome<unknown>>][] {
  const action = context.actionTensor([context.action(0, 0, 0)]);
  const calls: [string, (name: string) => Promise<Outcome<unknown>>][] = [
    ['GetEnvSpec env_id', (envId) => client.attempt('getEnvSpec', { envId })],
    ['CreateSession env_id', (envId) => client.attempt('createSession', context.sessionRequest(1, { envId }))],
    ['AttachSession session_id', (sessionId) => client.attempt('attachSession', { sessionId })],
    ['Reset session_id', (sessionId) => client.attempt('reset', { sessionId, envIds: [], seeds: [1n], taskIds: [], useSeedSequence: false })],
    ['Step session_id', (sessionId) => client.attempt('step', { sessionId, envIds: [], actions: action, sequence: 0n })],
    ['CloseSession session_id', (sessionId) => client.attempt('closeSession', { sessionId })],
    ['GetDatasetInfo name', (name) => client.attempt('getDatasetInfo', { name, taskId: 0, layout: 0, addInfo: false }, 'datasets')],
    ['ReadDataset name', (name) => streamOutcome(client.readDataset({ name, limit: 1n }))],
  ];
  if (dataset) calls.push(['ReadDataset fields', (field) => streamOutcome(client.readDataset({ name: dataset, limit: 1n, fields: [field] }))]);
  return calls;
}

function checkShortMessage(details: string, what: string): void {
  const longestRun = Math.max(0, ...(details.match(/z+/g) ?? []).map((run) => run.length));
  if (longestRun > QUOTED_PREFIX_CHARS) throw new Broken(`${what}: the message quotes ${longestRun} characters of the name (at most ${QUOTED_PREFIX_CHARS})`);
  if (details.length > SHORT_MESSAGE_CHARS) throw new Broken(`${what}: the message is ${details.length} characters long`);
}

async function sendLongNames(context: CheckContext, client: ConformanceClient, dataset: string | undefined): Promise<void> {
  const max = context.info.maxNameBytes;
  const overLimit = 'z'.repeat(max + 1);
  const overLimitInBytes = 'é'.repeat(Math.floor(max / 2) + 1); // no more characters than max, but more bytes
  for (const [what, call] of nameCalls(context, client, dataset)) {
    for (const [label, name] of [[`${max + 1} bytes`, overLimit], [`${HOSTILE_NAME_BYTES} bytes`, 'z'.repeat(HOSTILE_NAME_BYTES)]] as const) {
      const details = await expectStatus(call(name), status.INVALID_ARGUMENT, `${what} of ${label}`);
      checkShortMessage(details, `${what} of ${label}`);
    }
    await expectStatus(call(overLimitInBytes), status.INVALID_ARGUMENT, `${what} of ${overLimitInBytes.length} two-byte characters (${Buffer.byteLength(overLimitInBytes)} bytes)`);
  }
  const after = await client.attempt('getServerInfo', {});
  if (!after.ok) throw new Broken(`after the long names, GetServerInfo on the same connection answered ${status[after.code]}: ${after.details}`);
}

async function checkNameBounds(context: CheckContext): Promise<void> {
  const max = context.info.maxNameBytes;
  if (!(max >= 1)) throw new Broken(`GetServerInfo max_name_bytes is ${max}`);
  const envs = (await context.client.call<ListEnvsResponse>('listEnvs', { family: '' })).envs;
  const datasets = (await context.client.call<ListDatasetsResponse>('listDatasets', { family: '', availableOnly: false }, 'datasets')).datasets;
  for (const name of [...envs.map((e) => e.id), ...datasets.map((d) => d.name)]) {
    if (Buffer.byteLength(name) > max) throw new Broken(`the server lists '${name}', longer than its max_name_bytes ${max}`);
  }
  const dataset = datasets.find((d) => d.available)?.name;
  // A connection of its own, so that a server wedging it harms only this check.
  const client = new ConformanceClient(context.client.connection, LONG_NAME_DEADLINE_MS);
  try {
    await sendLongNames(context, client, dataset);
  } finally {
    client.close();
  }
  // A session id of exactly the maximum is a well-formed id that names nothing.
  await expectStatus(context.client.attempt('attachSession', { sessionId: 'z'.repeat(max) }), status.NOT_FOUND, `AttachSession of a ${max}-byte unknown session id`);
}

export const boundsChecks: ConformanceCheck[] = [
  {
    name: 'bounds/names',
    promise: 'A client-supplied name (env id, session id, dataset name, field name) longer than max_name_bytes UTF-8 bytes → INVALID_ARGUMENT, with a short message quoting at most a short prefix; the connection goes on serving',
    run: checkNameBounds,
  },
  {
    name: 'session/instance-id',
    promise: 'GetServerInfo reports this run\'s instance_id, and every session id begins with it',
    async run(context) {
      const instance = context.info.instanceId;
      if (!instance) throw new Broken('GetServerInfo has an empty instance_id');
      const { sessionId } = await context.createSession(1);
      if (!sessionId.startsWith(instance)) throw new Broken(`session id '${sessionId}' does not begin with instance_id '${instance}'`);
    },
  },
  {
    name: 'bounds/message-size',
    promise: `A request larger than ${MAX_MESSAGE_BYTES} bytes → RESOURCE_EXHAUSTED, changes nothing, and the server goes on serving`,
    async run(context) {
      const twins = await context.twins(1);
      const huge = { dtype: Dtype.DTYPE_FLOAT32, shape: [1, context.actionDim], data: Buffer.alloc(MAX_MESSAGE_BYTES + 1024) };
      await expectStatus(context.client.attempt('step', { sessionId: twins.a, envIds: [], actions: huge, sequence: 0n }), status.RESOURCE_EXHAUSTED,
        `a Step of ${huge.data.length} bytes`);
      await context.stepTwins(twins, [], 'after the oversized request, the target session and its untouched twin');
    },
  },
];
