// Offline → online end to end on a tiny config against a real `qflow serve` on loopback: the replay buffer ends as
// exactly the dataset plus the transitions of the completed online episodes; `qflow finetune` from the offline
// checkpoint lands on the same weights and step as the one-process run; `qflow train --config REPORT/config.json`
// repeats the run bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '@qflow/datasets';
import { selectBackend } from '../src/backend/index.js';
import { makeAgentConfig } from '../src/algorithms/index.js';
import { loadCheckpoint } from '../src/checkpoints/checkpoint.js';
import { toTransitionDataset } from '../src/training/offline-dataset.js';
import type { TransitionDataset } from '../src/training/transition-dataset.js';
import { runOfflineOnline, OFFLINE_CHECKPOINT_FILE } from '../src/online/offline-online-run.js';
import { writeRunReport } from '../src/online/run-report.js';
import type { RunConfig } from '../src/online/run-config.js';
import { main as finetune } from '../src/cli/finetune-command.js';
import { main as trainFromConfig } from '../src/cli/offline-online-train.js';
import { startServerProcess } from './env-server-process.js';

const quiet = () => {};

function tinyConfig(): RunConfig {
  return {
    format: 'qflow-run', version: 1,
    dataset: { name: 'cube-single-play-v0', episodes: 2, episodeLength: 60, generationSeed: 3 },
    envId: 'cube-single-play-singletask-task1-v0', taskId: 1, agent: 'qflow',
    agentConfig: makeAgentConfig('qflow', {
      preset: 'cpu', envName: 'cube-single-play', overrides: { actorHiddenDims: [16], valueHiddenDims: [16], batchSize: 8, flowSteps: 3 },
    }),
    seed: 5, backend: 'cpu', offlineSteps: 12, onlineSteps: 2 * 205, utd: 0.05, numEnvs: 2, evalEnvs: 2, evalEpisodes: 1,
    evalTasks: [1], offlineEvalInterval: 0, onlineEvalInterval: 0, logInterval: 50,
  };
}

function tensorsEqual(a: string, b: string): { step: [number, number]; differing: string[] } {
  const x = loadCheckpoint(a);
  const y = loadCheckpoint(b);
  const differing = Object.keys(x.agent.tensors).filter((k) => {
    const u = x.agent.tensors[k]!.data;
    const v = y.agent.tensors[k]?.data;
    return !v || Buffer.compare(Buffer.from(u.buffer, u.byteOffset, u.byteLength), Buffer.from(v.buffer, v.byteOffset, v.byteLength)) !== 0;
  });
  return { step: [x.loop.step, y.loop.step], differing };
}

function rowEqual(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): boolean {
  for (let k = 0; k < dim; k++) if (!Object.is(a[i * dim + k], b[j * dim + k])) return false;
  return true;
}

test('offline → online on loopback: buffer = dataset + online transitions; finetune resumes exactly; config rerun repeats the run', { timeout: 240_000 }, async () => {
  await selectBackend('cpu', quiet);
  const root = mkdtempSync(join(tmpdir(), 'qflow-online-'));
  const dataDir = join(root, 'data');
  const server = await startServerProcess();
  try {
    const config = tinyConfig();
    let buffer: TransitionDataset | undefined;
    const runDir = join(root, 'run');
    const lines: string[] = [];
    const summary = await runOfflineOnline({
      config, outDir: runDir, envServers: [server.address], dataDir, progress: false, log: (l) => lines.push(l),
      inspectBuffer: (b) => { buffer = b; },
    });
    writeRunReport(summary, runDir);

    // The buffer: the dataset's rows first, unchanged, then exactly the committed online transitions.
    const dataset = toTransitionDataset(await loadDataset(summary.datasetPath, { singleTask: { env: 'cube-single', taskId: 1 } })).dataset;
    const { obsDim } = dataset;
    assert.ok(buffer);
    assert.equal(summary.datasetTransitions, dataset.size);
    const online = summary.online!;
    assert.equal(online.completedEpisodes, 2, 'each of the 2 envs finished its 200-step episode');
    assert.equal(online.committedTransitions, 400);
    assert.ok(!lines.some((l) => l.includes('warning')), '205 steps per env finish a 200-step episode: no warning');
    assert.equal(buffer.size, dataset.size + online.committedTransitions);
    assert.deepEqual(buffer.observations.subarray(0, dataset.size * obsDim), dataset.observations);
    assert.deepEqual(buffer.rewards.subarray(0, dataset.size), dataset.rewards);
    // Online rows are whole episodes of consecutive transitions: s' of row k is s of row k+1 within an episode,
    // and each episode is 200 steps (cube-single's limit: truncated), its last row with mask 1.
    for (let e = 0; e < 2; e++) {
      const first = dataset.size + e * 200;
      for (let k = first; k < first + 199; k++) {
        assert.ok(rowEqual(buffer.nextObservations, k, buffer.observations, k + 1, obsDim), `row ${k}: s' is not the next row's s`);
      }
      assert.equal(buffer.masks[first + 199], 1);
    }
    assert.equal(summary.finalStep, config.offlineSteps + online.updates);
    assert.equal(online.updates, Math.floor(online.envSteps * config.utd + 1e-9));

    // Finetune from the offline checkpoint: same step, same weights as the one-process run.
    const ftDir = join(root, 'finetune');
    const code = await finetune(['--checkpoint', join(runDir, OFFLINE_CHECKPOINT_FILE), '--online-steps', String(config.onlineSteps),
      '--utd', String(config.utd), '--env-servers', server.address, '--data-dir', dataDir, '--out', ftDir, '--no-progress', '--backend', 'cpu']);
    assert.equal(code, 0);
    const ft = tensorsEqual(join(runDir, 'checkpoint.msgpack'), join(ftDir, 'checkpoint.msgpack'));
    assert.deepEqual(ft.step, [summary.finalStep, summary.finalStep]);
    assert.deepEqual(ft.differing, [], 'finetune reached different weights');

    // Rerun from the report's config.json: same checkpoint weights and the same evaluation numbers.
    const rerunDir = join(root, 'rerun');
    assert.equal(await trainFromConfig(['--config', join(runDir, 'config.json'), '--env-servers', server.address,
      '--data-dir', dataDir, '--out', rerunDir, '--no-progress']), 0);
    const re = tensorsEqual(join(runDir, 'checkpoint.msgpack'), join(rerunDir, 'checkpoint.msgpack'));
    assert.deepEqual(re.differing, [], 'the rerun reached different weights');
    const evals = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"eval"'))
      .map((l) => { const r = JSON.parse(l); delete r.time; return r; });
    assert.deepEqual(evals(rerunDir), evals(runDir));
    const recorded = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    assert.equal(recorded.run.dataset.sha256, summary.datasetSha256);
    assert.ok(recorded.versions['@tensorflow/tfjs-core']);
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
