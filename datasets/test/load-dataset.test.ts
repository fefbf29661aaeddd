// OGBench loader semantics on tiny synthetic episode sets. The expected arrays are written out by hand from the
// rules of docs/datasets.md#loader-semantics: regular layout drops each episode's last row (it only appears as a next
// observation), compact keeps every row; single-task rewards/masks come from each row's own qpos or button states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndarray, NdArray } from '../src/npy/ndarray.js';
import { writeNpz } from '../src/npz/npz-writer.js';
import { loadDataset } from '../src/loader/load-dataset.js';
import { loadNamedDataset } from '../src/loader/load-named-dataset.js';
import { parseDatasetName } from '../src/registry/dataset-name.js';

const f32 = (rows: number[][]): NdArray => ndarray('float32', [rows.length, rows[0]!.length], Float32Array.from(rows.flat()));

/** Two episodes of 3 stored rows each: terminals mark rows 2 and 5. */
const TERMINALS = ndarray('bool', [6], Uint8Array.from([0, 0, 1, 0, 0, 1]));
const OBS = f32([[0, 10], [1, 11], [2, 12], [3, 13], [4, 14], [5, 15]]);
const ACT = f32([[100], [101], [102], [103], [104], [105]]);

async function withFile(arrays: Record<string, NdArray>, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-load-'));
  try {
    const path = join(dir, 'd.npz');
    await writeNpz(path, arrays);
    await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** qpos rows of width nq with the given values at the given columns, zeros elsewhere. */
function qposRows(nq: number, rows: [number, number[]][]): NdArray {
  return f32(rows.map(([at, values]) => {
    const row = new Array<number>(nq).fill(0);
    values.forEach((v, k) => { row[at + k] = v; });
    return row;
  }));
}

const floats = (a: NdArray | undefined): number[] => [...(a!.data as Float32Array)];

test('regular layout: observations, next_observations, actions, terminals', async () => {
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS }, async (path) => {
    const d = await loadDataset(path);
    assert.equal(d.size, 4);
    assert.deepEqual(d.observations.shape, [4, 2]);
    assert.deepEqual(floats(d.observations), [0, 10, 1, 11, 3, 13, 4, 14]);
    assert.deepEqual(floats(d.nextObservations), [1, 11, 2, 12, 4, 14, 5, 15]);
    assert.deepEqual(floats(d.actions), [100, 101, 103, 104]);
    assert.deepEqual(floats(d.terminals), [0, 1, 0, 1]);
    assert.equal(d.terminals.dtype, 'float32');
    assert.equal(d.valids, undefined);
    assert.equal(d.rewards, undefined);
    assert.equal(d.qpos, undefined, 'info arrays are dropped unless addInfo');
  });
});

test('compact layout: all rows, valids, terminals on the last two rows of each episode', async () => {
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS }, async (path) => {
    const d = await loadDataset(path, { compact: true });
    assert.equal(d.size, 6);
    assert.deepEqual(floats(d.observations), [0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15]);
    assert.deepEqual(floats(d.terminals), [0, 1, 1, 0, 1, 1]);
    assert.deepEqual(floats(d.valids), [1, 1, 0, 1, 1, 0]);
    assert.equal(d.nextObservations, undefined);
  });
});

test('float64 observations are cast to float32; addInfo keeps qpos/qvel filtered like the observations', async () => {
  const obs64 = ndarray('float64', [6, 1], Float64Array.from([0.1, 1, 2, 3, 4, 5]));
  const qpos = f32([[10], [11], [12], [13], [14], [15]]);
  const qvel = f32([[20], [21], [22], [23], [24], [25]]);
  await withFile({ observations: obs64, actions: ACT, terminals: TERMINALS, qpos, qvel }, async (path) => {
    const d = await loadDataset(path, { addInfo: true });
    assert.equal(d.observations.dtype, 'float32');
    assert.deepEqual(floats(d.observations), [Math.fround(0.1), 1, 3, 4]);
    assert.deepEqual(floats(d.qpos), [10, 11, 13, 14]);
    assert.deepEqual(floats(d.qvel), [20, 21, 23, 24]);
  });
});

test('maze relabelling: agent x-y within 0.5 of the task goal (antmaze-medium task1 goal (20, 20))', async () => {
  // Per stored row: (0,0) far; (20.5,20) exactly 0.5 away → success; (20,20) the dropped last row;
  // (20.375,20) success; (20,20.625) just outside; (0,0) the dropped last row.
  const qpos = qposRows(15, [[0, [0, 0]], [0, [20.5, 20]], [0, [20, 20]], [0, [20.375, 20]], [0, [20, 20.625]], [0, [0, 0]]]);
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS, qpos }, async (path) => {
    const d = await loadDataset(path, { singleTask: { env: 'antmaze-medium' } });
    assert.deepEqual(floats(d.rewards), [-1, 0, 0, -1]);
    assert.deepEqual(floats(d.masks), [1, 0, 0, 1]);
    assert.deepEqual(floats(d.terminals), [0, 1, 0, 1], 'terminals still mark episode ends only');
    const c = await loadDataset(path, { singleTask: { env: 'antmaze-medium' }, compact: true });
    assert.deepEqual(floats(c.rewards), [-1, 0, 0, 0, -1, -1]);
    assert.deepEqual(floats(c.masks), [1, 0, 0, 0, 1, 1]);
    // antmaze-large task3's goal is cell (1,10) = (36, 0): no row succeeds there.
    const t3 = await loadDataset(path, { singleTask: { env: 'antmaze-large', taskId: 3 } });
    assert.deepEqual(floats(t3.rewards), [-1, -1, -1, -1]);
  });
});

test('antsoccer relabelling uses the ball x-y qpos[15:17], not the agent (arena default task4 goal (0, 20))', async () => {
  const qpos = qposRows(22, [
    [0, [0, 20]],          // agent on the goal, ball at (0,0): no success
    [15, [0.25, 19.75]],   // ball 0.354 from the goal: success
    [15, [0, 20]],         // dropped last row
    [15, [0, 20.5]],       // ball exactly 0.5 away: success
    [15, [0.5, 20.5]],     // 0.707 away: no success
    [15, [0, 20]],         // dropped last row
  ]);
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS, qpos }, async (path) => {
    const d = await loadDataset(path, { singleTask: { env: 'antsoccer-arena' } });
    assert.deepEqual(floats(d.rewards), [-1, 0, 0, -1]);
    assert.deepEqual(floats(d.masks), [1, 0, 0, 1]);
  });
});

test('cube relabelling: per-cube 3-D distance ≤ 0.04 to the task targets (cube-double task2)', async () => {
  // task2 targets: cube0 (0.35, 0.1, 0.02), cube1 (0.5, 0.1, 0.02); cube i's position is qpos[14+7i : 17+7i].
  const row = (c0: number[], c1: number[]): [number, number[]] => [14, [...c0, 1, 0, 0, 0, ...c1]];
  const qpos = qposRows(28, [
    row([0.35, 0.1, 0.02], [0.5, 0.1, 0.02]),   // both placed → reward 0, mask 0
    row([0.35, 0.1, 0.02], [0.5, 0.15, 0.02]),  // cube1 5 cm off → -1
    row([0.35, 0.1, 0.02], [0.5, 0.1, 0.02]),   // dropped last row
    row([0.38, 0.1, 0.04], [0.5, 0.1, 0.061]),  // cube0 3.6 cm off (ok), cube1 4.1 cm off → -1
    row([0.5, 0.1, 0.02], [0.35, 0.1, 0.02]),   // swapped: neither on its own target → -2
    row([0, 0, 0], [0, 0, 0]),                  // dropped last row
  ]);
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS, qpos }, async (path) => {
    const d = await loadDataset(path, { singleTask: { env: 'cube-double' } });
    assert.deepEqual(floats(d.rewards), [0, -1, -1, -2]);
    assert.deepEqual(floats(d.masks), [0, 1, 1, 1]);
  });
});

test('puzzle relabelling: button_states compared with the goal (3x3 default task4 = all 1; task1 = 110/101/011)', async () => {
  const states = [
    [1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 0, 1, 0, 1, 0, 1, 1],
    [0, 0, 0, 0, 0, 0, 0, 0, 0], // dropped last row
    [1, 1, 1, 1, 1, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 1, 1, 1, 1], // dropped last row
  ];
  const button_states = ndarray('int64', [6, 9], BigInt64Array.from(states.flat().map(BigInt)));
  const qpos = f32(states.map(() => new Array(23).fill(0)));
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS, qpos, button_states }, async (path) => {
    const d = await loadDataset(path, { singleTask: { env: 'puzzle-3x3' } });
    assert.deepEqual(floats(d.rewards), [0, -3, -2, -9]);
    assert.deepEqual(floats(d.masks), [0, 1, 1, 1]);
    const t1 = await loadDataset(path, { singleTask: { env: 'puzzle-3x3', taskId: 1 }, addInfo: true });
    assert.deepEqual(floats(t1.rewards), [-3, 0, -5, -6]); // row 3 matches the goal at buttons 0, 1, 3, 5
    assert.deepEqual(floats(t1.masks), [1, 0, 1, 1]);
    assert.deepEqual(t1.buttonStates!.shape, [4, 9]);
  });
});

test('oracle representations: maze agent x-y', async () => {
  const qpos = qposRows(15, [[0, [1, 2]], [0, [3, 4]], [0, [5, 6]], [0, [7, 8]], [0, [9, 10]], [0, [11, 12]]]);
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS, qpos }, async (path) => {
    const d = await loadDataset(path, { oracleRepEnv: 'antmaze-large' });
    assert.deepEqual(floats(d.oracleReps), [1, 2, 3, 4, 7, 8, 9, 10]);
  });
});

test('bad files give errors naming the file', async () => {
  await withFile({ observations: OBS, actions: ACT }, async (path) => {
    await assert.rejects(loadDataset(path), /d\.npz: not an OGBench dataset \(no 'terminals' array/);
  });
  await withFile({ observations: OBS, actions: f32([[1]]), terminals: TERMINALS }, async (path) => {
    await assert.rejects(loadDataset(path), /d\.npz: 'actions' has 1 rows but 'terminals' has 6/);
  });
  await withFile({ observations: OBS, actions: ACT, terminals: TERMINALS }, async (path) => {
    await assert.rejects(loadDataset(path, { singleTask: { env: 'cube-double' } }), /needs the 'qpos' array/);
    await assert.rejects(loadDataset(path, { singleTask: { env: 'cube-septuple' } }), /no single-task goals for environment 'cube-septuple'; valid: antmaze-medium/);
  });
});

test('terminals must be one 0/1 flag per row, as OGBench stores them', async () => {
  const column = ndarray('float32', [6, 1], Float32Array.from([0, 0, 1, 0, 0, 1]));
  await withFile({ observations: OBS, actions: ACT, terminals: column }, async (path) => {
    await assert.rejects(loadDataset(path), /d\.npz: 'terminals' has shape \[6, 1\]; OGBench datasets store one flag per row, shape \(rows,\)/);
  });
  for (const [bad, shown] of [[0.5, '0.5'], [2, '2'], [NaN, 'NaN'], [-1, '-1']] as const) {
    const terminals = ndarray('float32', [6], Float32Array.from([0, bad, 1, 0, 0, 1]));
    await withFile({ observations: OBS, actions: ACT, terminals }, async (path) => {
      await assert.rejects(loadDataset(path), new RegExp(`d\\.npz: 'terminals' holds ${shown} at row 1; episode-end flags must be 0 or 1`));
      await assert.rejects(loadDataset(path, { compact: true }), /episode-end flags must be 0 or 1/);
    });
  }
  const bytes = ndarray('bool', [6], Uint8Array.from([0, 0, 2, 0, 0, 1]));
  await withFile({ observations: OBS, actions: ACT, terminals: bytes }, async (path) => {
    await assert.rejects(loadDataset(path), /'terminals' holds 2 at row 2/);
  });
  const int64 = ndarray('int64', [6], BigInt64Array.from([0n, 0n, 1n, 0n, 0n, 1n]));
  await withFile({ observations: OBS, actions: ACT, terminals: int64 }, async (path) => {
    assert.deepEqual(floats((await loadDataset(path)).terminals), [0, 1, 0, 1]);
  });
});

test('dataset names parse into file, environment and task (docs/datasets.md#dataset-names)', () => {
  const a = parseDatasetName('antmaze-large-navigate-singletask-task3-v0');
  assert.deepEqual([a.dataset, a.env, a.envId, a.family, a.type, a.singleTask?.taskId], [
    'antmaze-large-navigate-v0', 'antmaze-large', 'antmaze-large-singletask-task3-v0', 'antmaze', 'navigate', 3]);
  const b = parseDatasetName('cube-double-play-singletask-v0');
  assert.deepEqual([b.dataset, b.envId, b.singleTask?.taskId], ['cube-double-play-v0', 'cube-double-singletask-v0', undefined]);
  const c = parseDatasetName('puzzle-4x4-noisy-oraclerep-v0');
  assert.deepEqual([c.dataset, c.envId, c.oracleRep], ['puzzle-4x4-noisy-v0', 'puzzle-4x4-v0', true]);
  const v = parseDatasetName('visual-cube-single-play-v0');
  assert.deepEqual([v.dataset, v.env, v.visual, v.family], ['visual-cube-single-play-v0', 'visual-cube-single', true, 'cube']);
  assert.throws(() => parseDatasetName('antmaze-large-navigate'), /must end in -v0/);
  assert.throws(() => parseDatasetName('pointmaze-large-navigate-v0'), /known family/);
});

test('loading by name: the file and its -val split from the store, relabelled for the name\'s task', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-named-'));
  const saved = process.env.QFLOW_DATA_DIR;
  try {
    // antsoccer-arena task2's goal is cell (2,2) = (4, 4); the ball is there in stored row 1 only.
    const qpos = qposRows(22, [[15, [0, 0]], [15, [4, 4]], [15, [4, 4]], [15, [0, 0]], [15, [0, 0]], [15, [0, 0]]]);
    await writeNpz(join(dir, 'antsoccer-arena-navigate-v0.npz'), { observations: OBS, actions: ACT, terminals: TERMINALS, qpos });
    await writeNpz(join(dir, 'antsoccer-arena-navigate-v0-val.npz'), {
      observations: f32([[9], [9]]), actions: f32([[1], [1]]), terminals: ndarray('bool', [2], Uint8Array.from([0, 1])), qpos: qposRows(22, [[15, [4, 4]], [15, [0, 0]]]),
    });
    process.env.QFLOW_DATA_DIR = dir; // the store comes from the environment variable when no dir is given
    const named = await loadNamedDataset('antsoccer-arena-navigate-singletask-task2-v0');
    assert.equal(named.taskId, 2);
    assert.deepEqual(floats(named.train.rewards), [-1, 0, -1, -1]);
    assert.deepEqual(floats(named.val!.rewards), [0]);
    const plain = await loadNamedDataset('antsoccer-arena-navigate-singletask-v0', { dir });
    assert.equal(plain.taskId, 4, 'antsoccer default task');
    const raw = await loadNamedDataset('antsoccer-arena-navigate-v0', { dir });
    assert.equal(raw.train.rewards, undefined);
    await assert.rejects(loadNamedDataset('antsoccer-medium-navigate-v0', { dir }), /antsoccer-medium-navigate-v0 is not in the store/);
  } finally {
    if (saved === undefined) delete process.env.QFLOW_DATA_DIR; else process.env.QFLOW_DATA_DIR = saved;
    await rm(dir, { recursive: true, force: true });
  }
});
