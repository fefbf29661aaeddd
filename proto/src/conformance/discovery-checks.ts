// Discovery: server facts, families and env specs that agree with each other, and the dataset listing.
import { status } from '@grpc/grpc-js';
import { DatasetLayout, type GetDatasetInfoResponse, type ListDatasetsResponse, type ReadDatasetResponse } from '../gen/qflow/v1/dataset.js';
import { EnvSpec, type GetEnvSpecResponse, type ListEnvsResponse, type ListFamiliesResponse } from '../gen/qflow/v1/environment.js';
import { Dtype } from '../gen/qflow/v1/tensor.js';
import { shapeSize } from '../tensor-codec.js';
import { Broken, expectStatus, type CheckContext } from './check-context.js';
import { SkipCheck, type ConformanceCheck } from './conformance-check.js';

function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new Broken(what);
}

function isSorted(values: string[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1]! < v);
}

function checkSpec(spec: EnvSpec): void {
  const where = `spec of '${spec.id}'`;
  expectThat(spec.numTasks >= 1 && spec.defaultTask >= 1 && spec.defaultTask <= spec.numTasks, `${where}: default_task ${spec.defaultTask} not in 1..num_tasks ${spec.numTasks}`);
  expectThat(spec.maxEpisodeSteps >= 1, `${where}: max_episode_steps is 0`);
  expectThat(spec.maxEnvsPerSession >= 1, `${where}: max_envs_per_session is 0`);
  for (const [name, array] of [['observation', spec.observation], ['action', spec.action]] as const) {
    expectThat(array !== undefined && array.shape.length > 0 && shapeSize(array.shape) > 0, `${where}: ${name} spec has no shape`);
    const size = shapeSize(array!.shape);
    expectThat(array!.low.length === 0 || array!.low.length === size, `${where}: ${name} low has ${array!.low.length} values for ${size} elements`);
    expectThat(array!.high.length === 0 || array!.high.length === size, `${where}: ${name} high has ${array!.high.length} values for ${size} elements`);
  }
  const actionDtype = spec.action!.dtype;
  expectThat(actionDtype === Dtype.DTYPE_FLOAT32 || actionDtype === Dtype.DTYPE_FLOAT64, `${where}: action dtype ${actionDtype} is not a float dtype`);
}

async function listEnvs(context: CheckContext, family = ''): Promise<EnvSpec[]> {
  return (await context.client.call<ListEnvsResponse>('listEnvs', { family })).envs;
}

async function listDatasets(context: CheckContext, family = '', availableOnly = false) {
  return (await context.client.call<ListDatasetsResponse>('listDatasets', { family, availableOnly }, 'datasets')).datasets;
}

/** Reads a dataset stream to its end; resolves with the responses and the final status. */
function readAll(context: CheckContext, request: object): Promise<{ chunks: ReadDatasetResponse[]; code: status; details: string }> {
  const chunks: ReadDatasetResponse[] = [];
  const stream = context.client.readDataset(request);
  stream.on('data', (chunk: ReadDatasetResponse) => chunks.push(chunk));
  return new Promise((resolve) => {
    stream.on('error', (error: { code: status; details: string }) => resolve({ chunks, code: error.code, details: error.details }));
    stream.on('end', () => resolve({ chunks, code: status.OK, details: '' }));
  });
}

/** The compact layout of a dataset whose regular layout has `regularRows` rows, and an unknown layout refused. */
async function checkCompactLayout(context: CheckContext, name: string, regularRows: bigint): Promise<void> {
  const request = { name, taskId: 0, layout: DatasetLayout.DATASET_LAYOUT_COMPACT, addInfo: false };
  const compact = await context.client.call<GetDatasetInfoResponse>('getDatasetInfo', request, 'datasets');
  const names = compact.fields.map((f) => f.name);
  expectThat(compact.layout === DatasetLayout.DATASET_LAYOUT_COMPACT && names.includes('valids') && !names.includes('next_observations'),
    `GetDatasetInfo of '${name}' in the compact layout: layout ${compact.layout}, fields ${names.join(', ')}`);
  expectThat(compact.numTransitions >= regularRows, `compact layout of '${name}' has ${compact.numTransitions} rows, fewer than the regular ${regularRows}`);
  await expectStatus(context.client.attempt('getDatasetInfo', { ...request, layout: 99 }, 'datasets'), status.INVALID_ARGUMENT, 'GetDatasetInfo with layout 99');
}

export const discoveryChecks: ConformanceCheck[] = [
  {
    name: 'discovery/server-info',
    promise: 'GetServerInfo reports protocol "qflow.v1", a version, and positive capacity and lease defaults',
    async run({ info }) {
      expectThat(info.protocolVersion === 'qflow.v1', `protocol_version is '${info.protocolVersion}'`);
      expectThat(info.serverVersion !== '', 'server_version is empty');
      expectThat(info.numWorkers >= 1, 'num_workers is 0');
      expectThat(info.maxSessions >= 1, 'max_sessions is 0');
      expectThat(info.maxEnvsPerSession >= 1, 'max_envs_per_session is 0');
      expectThat(Number.isFinite(info.defaultLeaseSeconds) && info.defaultLeaseSeconds > 0, `default_lease_seconds is ${info.defaultLeaseSeconds}`);
    },
  },
  {
    name: 'discovery/envs',
    promise: 'ListFamilies and ListEnvs are sorted, agree with each other and with GetEnvSpec; specs are well-formed; GetServerInfo max_envs_per_session is the smallest of the specs\' (a size every env id accepts); an unknown family or env id → INVALID_ARGUMENT',
    async run(context) {
      const families = (await context.client.call<ListFamiliesResponse>('listFamilies', {})).families;
      const envs = await listEnvs(context);
      expectThat(families.length > 0 && envs.length > 0, 'no families or no envs are listed');
      expectThat(isSorted(families.map((f) => f.name)), 'ListFamilies is not sorted by name');
      expectThat(isSorted(envs.map((e) => e.id)), 'ListEnvs is not sorted by id');
      const fromFamilies = families.flatMap((f) => f.envIds).sort();
      expectThat(String(fromFamilies) === String(envs.map((e) => e.id)), 'the env ids of ListFamilies differ from those of ListEnvs');
      for (const family of families) {
        expectThat(isSorted(family.envIds), `family '${family.name}': env ids not sorted`);
        const ids = (await listEnvs(context, family.name)).map((e) => e.id);
        expectThat(String(ids) === String(family.envIds), `ListEnvs(family '${family.name}') differs from the family's env ids`);
      }
      const smallest = Math.min(...envs.map((e) => e.maxEnvsPerSession));
      expectThat(context.info.maxEnvsPerSession === smallest,
        `GetServerInfo max_envs_per_session is ${context.info.maxEnvsPerSession}, not the smallest EnvSpec.max_envs_per_session (${smallest})`);
      for (const spec of envs) {
        checkSpec(spec);
        const got = (await context.client.call<GetEnvSpecResponse>('getEnvSpec', { envId: spec.id })).spec;
        expectThat(got !== undefined && Buffer.from(EnvSpec.encode(got).finish()).equals(Buffer.from(EnvSpec.encode(spec).finish())),
          `GetEnvSpec('${spec.id}') differs from its ListEnvs entry`);
      }
      await expectStatus(context.client.attempt('listEnvs', { family: 'conformance-no-such-family' }), status.INVALID_ARGUMENT, 'ListEnvs of an unknown family');
      await expectStatus(context.client.attempt('getEnvSpec', { envId: 'conformance-no-such-env-v0' }), status.INVALID_ARGUMENT, 'GetEnvSpec of an unknown env id');
    },
  },
  {
    name: 'discovery/datasets',
    promise: 'ListDatasets is sorted by name, names known families, filters by family; an unknown dataset name → NOT_FOUND',
    async run(context) {
      const datasets = await listDatasets(context);
      const names = datasets.map((d) => d.name);
      expectThat(isSorted(names), 'ListDatasets is not sorted by name (or lists a name twice)');
      const families = new Set((await context.client.call<ListFamiliesResponse>('listFamilies', {})).families.map((f) => f.name));
      for (const d of datasets) {
        // env_id names the recording env (e.g. OGBench's goal-conditioned id), which a server need not host.
        expectThat(families.has(d.family) && d.envId !== '', `dataset '${d.name}' names unknown family '${d.family}' or no env id`);
        expectThat(d.available || d.numTransitions === 0n, `dataset '${d.name}' is unavailable but claims ${d.numTransitions} transitions`);
      }
      for (const family of families) {
        const filtered = (await listDatasets(context, family)).map((d) => d.name);
        expectThat(String(filtered) === String(datasets.filter((d) => d.family === family).map((d) => d.name)), `ListDatasets(family '${family}') differs from the full listing`);
      }
      const unknown = 'conformance-no-such-dataset-v0';
      await expectStatus(context.client.attempt('getDatasetInfo', { name: unknown, taskId: 0, layout: 0, addInfo: false }, 'datasets'), status.NOT_FOUND, 'GetDatasetInfo of an unknown name');
      const read = await readAll(context, { name: unknown });
      if (read.code !== status.NOT_FOUND) throw new Broken(`ReadDataset of an unknown name: ended with ${status[read.code]}, expected NOT_FOUND`);
    },
  },
  {
    name: 'datasets/available',
    promise: 'For an available dataset, ListDatasets and GetDatasetInfo agree on num_transitions, ReadDataset streams exactly the requested rows, ' +
      'the compact layout has valids and no next_observations and at least as many rows, and an unknown field or layout → INVALID_ARGUMENT',
    async run(context) {
      const available = (await listDatasets(context, '', true)).filter((d) => d.available);
      if (available.length === 0) throw new SkipCheck('the server has no available dataset');
      const smallest = available.reduce((x, y) => (y.numTransitions < x.numTransitions ? y : x));
      const info = await context.client.call<{ numTransitions: bigint; fields: { name: string }[] }>('getDatasetInfo', { name: smallest.name, taskId: 0, layout: 0, addInfo: false }, 'datasets');
      expectThat(info.numTransitions === smallest.numTransitions,
        `dataset '${smallest.name}': ListDatasets says ${smallest.numTransitions} transitions, GetDatasetInfo ${info.numTransitions}`);
      const limit = info.numTransitions < 5n ? info.numTransitions : 5n;
      const read = await readAll(context, { name: smallest.name, limit, chunkTransitions: 2 });
      expectThat(read.code === status.OK, `ReadDataset of 5 rows of '${smallest.name}' ended with ${status[read.code]}: ${read.details}`);
      const rows = read.chunks.reduce((n, c) => n + c.count, 0);
      expectThat(BigInt(rows) === limit, `ReadDataset of ${limit} rows sent ${rows}`);
      const bad = await readAll(context, { name: smallest.name, limit: 1n, fields: ['conformance-no-such-field'] });
      expectThat(bad.code === status.INVALID_ARGUMENT, `ReadDataset with an unknown field ended with ${status[bad.code]}, expected INVALID_ARGUMENT`);
      await checkCompactLayout(context, smallest.name, info.numTransitions);
    },
  },
];
