// `qflow study` end to end on a tiny study (2 agents × 1 task × 2 seeds, a few updates and episodes) against a
// `qflow serve` on loopback: every cell's run folder, results.json, report.md and the curves; then a run whose
// summary.json is gone (interrupted) is left out by --report-only and redone on the next invocation while finished runs are left alone, and the
// results come out identical. A study killed mid-run continues from the run's checkpoint and ends with the same
// weights and evaluations as the uninterrupted run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as study } from '../src/cli/study-command.js';
import { studyPlan } from '../src/study/study-plan.js';
import { attemptsWallTime, type StudyResults } from '../src/study/study-results.js';
import { loadCheckpoint } from '../src/checkpoints/checkpoint.js';
import { startServerProcess, QFLOW_BIN } from './env-server-process.js';

const TASK = 'cube-single-play-singletask-task1-v0';

async function quietly(body: () => Promise<number>): Promise<{ code: number; err: string }> {
  const [log, error] = [console.log, console.error];
  let err = '';
  console.log = () => {};
  console.error = (...a: unknown[]) => { err += a.join(' ') + '\n'; };
  try {
    return { code: await body(), err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('--lambdas: Q-Flow once per λ in rows <row>+lambda<L> with --lambda recorded; the baselines once; not with --lambda', () => {
  const argv = ['--agents', 'qflow,bc', '--tasks', TASK, '--seeds', '0-1', '--budgets', '10', '--lambdas', '1,20', '--out', 'S'];
  const plan = studyPlan(argv);
  if (plan.help) throw new Error('help');
  assert.deepEqual(plan.rows, [TASK]);
  const cells = plan.cells.map((c) => [c.agent, c.label, c.row, c.seed, c.config.agentConfig.guidanceLambda, c.dir]);
  assert.deepEqual(cells.filter((c) => c[0] === 'qflow').map((c) => c.slice(1, 5)), [
    [`${TASK}+lambda1`, TASK, 0, 1], [`${TASK}+lambda1`, TASK, 1, 1], [`${TASK}+lambda20`, TASK, 0, 20], [`${TASK}+lambda20`, TASK, 1, 20]]);
  assert.equal(cells.filter((c) => c[0] === 'bc').length, 2);
  assert.equal(cells[0]![5], join('S', 'runs', 'qflow', `${TASK}+lambda1`, 'seed0'));
  assert.throws(() => studyPlan([...argv, '--lambda', '5']), /--lambda and --lambdas: give one/);
});

test('a tiny study: run folders, results.json, report.md, curves; resuming redoes only the unfinished run', { timeout: 600_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'qflow-study-'));
  const out = join(root, 'study');
  const server = await startServerProcess();
  try {
    const argv = ['--agents', 'qflow,bc', '--tasks', TASK, '--seeds', '0-1', '--offline-steps', '40', '--offline-eval-interval', '20',
      '--log-interval', '10', '--checkpoint-interval', '10',
      '--eval-episodes', '2', '--eval-envs', '2', '--hidden', '16', '--batch-size', '8', '--dataset-episodes', '2', '--episode-length', '60',
      '--backend', 'cpu', '--parallel', '2', '--env-servers', server.address, '--data-dir', join(root, 'data'), '--out', out];
    const first = await quietly(() => study(argv));
    assert.equal(first.code, 0, first.err);
    assert.equal(first.err.match(/: done in/g)?.length, 4, first.err);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults;
    assert.deepEqual(results.groups.map((g) => [g.agent, g.task, g.seeds]), [['qflow', TASK, [0, 1]], ['bc', TASK, [0, 1]]]);
    assert.equal(results.runs.length, 4);
    assert.deepEqual(results.missing, []);
    for (const g of results.groups) {
      assert.equal(g.episodesPerEval, 2);
      assert.ok(g.success.ci95[0] <= g.success.mean && g.success.mean <= g.success.ci95[1]);
    }
    for (const r of results.runs) assert.equal(r.finalStep, 40);
    const recorded = JSON.parse(readFileSync(join(out, 'runs', 'bc', TASK, 'seed1', 'config.json'), 'utf8'));
    assert.equal(recorded.run.agent, 'bc');
    assert.equal(recorded.run.seed, 1);
    assert.equal(recorded.run.threads, 1);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, new RegExp(`\\| 40 \\| ${TASK} \\| Q-Flow \\| 2 \\| `));
    assert.match(report, new RegExp(`${TASK}, Q-Flow vs flow BC: (separates at 40 updates|not within the budgets run \\(40\\))`));
    assert.match(report, /node bin\/qflow\.js train --agent bc .*--seed 1 /);
    assert.match(readFileSync(join(out, `curves-${TASK}.svg`), 'utf8'), /<polygon[^>]*fill-opacity/);

    // An interrupted run (no summary.json) is redone; a finished one is not touched.
    const interrupted = join(out, 'runs', 'qflow', TASK, 'seed1');
    rmSync(join(interrupted, 'summary.json'));
    // --report-only reports the three finished runs and starts nothing.
    const partial = await quietly(() => study([...argv, '--report-only']));
    assert.equal(partial.code, 0, partial.err);
    assert.equal((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults).runs.length, 3);
    assert.ok(!existsSync(join(interrupted, 'summary.json')), '--report-only ran a run');
    const marker = join(out, 'runs', 'bc', TASK, 'seed0', 'marker');
    writeFileSync(marker, 'kept');
    const second = await quietly(() => study(argv));
    assert.equal(second.code, 0, second.err);
    assert.equal(second.err.match(/: already finished/g)?.length, 3, second.err);
    assert.match(second.err, new RegExp(`qflow ${TASK} seed 1: done in`));
    assert.ok(existsSync(marker), 'a finished run was redone');
    assert.ok(existsSync(join(interrupted, 'summary.json')));
    const again = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults;
    const successes = (r: StudyResults) => r.runs.map((x) => [x.agent, x.seed, x.success, x.budgets, x.finalStep]);
    assert.deepEqual(successes(again), successes(results));
    assert.deepEqual(again.groups, results.groups);

    // Kill a study of one of those cells once its run has written a checkpoint; the next invocation continues it.
    const out2 = join(root, 'study2');
    const argv2 = [...argv.slice(0, argv.indexOf('--out')), '--out', out2].map((a) => (a === 'qflow,bc' ? 'qflow' : a === '0-1' ? '1' : a));
    const cell2 = join(out2, 'runs', 'qflow', TASK, 'seed1');
    const child = spawn(process.execPath, [QFLOW_BIN, 'study', ...argv2], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (!existsSync(join(cell2, 'checkpoint.msgpack'))) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await exited;
    assert.ok(!existsSync(join(cell2, 'summary.json')), 'the run finished before it could be interrupted');
    const third = await quietly(() => study(argv2));
    assert.equal(third.code, 0, third.err);
    assert.match(readFileSync(join(cell2, 'train.log'), 'utf8'), /study: resuming from .*checkpoint\.msgpack at step 10\b/);
    const reference = join(out, 'runs', 'qflow', TASK, 'seed1');
    const [a, b] = [loadCheckpoint(join(reference, 'checkpoint.msgpack')), loadCheckpoint(join(cell2, 'checkpoint.msgpack'))];
    assert.equal(b.loop.step, 40);
    for (const [name, t] of Object.entries(a.agent.tensors)) assert.deepEqual(b.agent.tensors[name]!.data, t.data, name);
    const evalLines = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => /"(eval|checkpoint)"/.test(l))
      .map((l) => { const r = JSON.parse(l); delete r.time; delete r.path; return r; });
    assert.deepEqual(evalLines(cell2), evalLines(reference));
    const resumed = JSON.parse(readFileSync(join(out2, 'results.json'), 'utf8')) as StudyResults;
    assert.equal(resumed.runs[0]!.attempts, 2);
    assert.equal(resumed.runs[0]!.success, results.runs.find((r) => r.agent === 'qflow' && r.seed === 1)!.success);
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('budgets and arms: evaluations at every budget, online and control arms from the same checkpoint with the same update count, report and PNG; a killed control arm continues', { timeout: 600_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'qflow-study-arms-'));
  const out = join(root, 'study');
  const server = await startServerProcess();
  try {
    const argv = ['--agents', 'qflow', '--tasks', TASK, '--data', 'directed', '--seeds', '0', '--budgets', '40,20', '--online-steps', '8',
      '--num-envs', '2', '--utd', '20', '--log-interval', '10', '--checkpoint-interval', '10', '--eval-episodes', '2', '--eval-envs', '2', '--hidden', '16', '--batch-size', '8',
      '--dataset-episodes', '2', '--episode-length', '60', '--backend', 'cpu', '--parallel', '1', '--env-servers', server.address,
      '--data-dir', join(root, 'data'), '--out', out];
    const first = await quietly(() => study(argv));
    assert.equal(first.code, 0, first.err);
    const label = `${TASK}+directed`;
    const base = join(out, 'runs', 'qflow', label, 'seed0');
    const run = JSON.parse(readFileSync(join(base, 'config.json'), 'utf8')).run;
    assert.equal(run.dataset.collectionTask, 1);
    assert.deepEqual([run.offlineSteps, run.onlineSteps, run.offlineEvalSteps], [40, 0, [20, 40]]);
    assert.ok(existsSync(join(root, 'data', 'generated', 'cube-single-play-2ep-60rows-seed0-task1')), 'the demo\'s store naming');
    const lines = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(lines(base).filter((l) => l.type === 'eval').map((l) => l.step), [1, 20, 40]);

    // Both arms continue from step 40 and do the same 160 updates (8 env steps × utd 20): online with env steps, control without.
    const [online, control] = [join(base, 'online'), join(base, 'control')];
    const finalStep = (dir: string) => loadCheckpoint(join(dir, 'checkpoint.msgpack')).loop.step;
    assert.equal(finalStep(online), 200);
    assert.equal(finalStep(control), 200);
    const onlineEvals = lines(online).filter((l) => l.type === 'eval');
    const baseEnd = lines(base).find((l) => l.type === 'eval' && l.step === 40);
    assert.deepEqual([onlineEvals[0].step, onlineEvals[0].success, onlineEvals[0].meanReturn], [40, baseEnd.success, baseEnd.meanReturn]);
    assert.ok(lines(control).every((l) => l.phase === undefined && (l.step ?? 41) > 40), 'the control is offline only, after step 40');
    assert.deepEqual(lines(control).filter((l) => l.type === 'eval').map((l) => l.step), [200]);

    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults;
    const g = results.groups[0]!;
    assert.deepEqual([g.task, g.budgets.map((b) => b.budget), g.arms?.seeds], [label, [20, 40], [0]]);
    assert.equal(typeof g.budgets[0]!.diagnostics.bcLoss, 'number', 'Q-Flow logs its unguided BC loss');
    assert.equal(typeof g.budgets[0]!.diagnostics.guidanceNorm, 'number');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, new RegExp(`\\| 20 \\| ${TASK.replace(/\+/g, '\\+')}\\+directed \\| Q-Flow \\| 1 \\| `));
    assert.match(report, /## Online fine-tuning against its control[\s\S]*the same 160 updates/);
    assert.match(report, /node bin\/qflow\.js finetune --checkpoint \S+seed0\/checkpoint-offline\.msgpack --offline-updates 160 /);

    const png = readFileSync(join(out, `curves-${label}.png`));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    const svg = readFileSync(join(out, `curves-${label}.svg`), 'utf8');
    const [w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * w!, 2 * h!]);

    // An interrupted arm is redone alone: the offline run and the other arm are kept.
    rmSync(join(online, 'summary.json'));
    writeFileSync(join(control, 'marker'), 'kept');
    const second = await quietly(() => study(argv));
    assert.equal(second.code, 0, second.err);
    assert.ok(existsSync(join(control, 'marker')), 'the finished control arm was redone');
    assert.equal(attemptsWallTime(base, 0).attempts, 1, 'the offline run was redone');
    const again = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults;
    assert.deepEqual(again.groups, results.groups);

    // The same folder with other settings for its runs is refused before anything runs: no mixed study.
    const other = await quietly(() => study(argv.map((a) => (a === '40,20' ? '40,30' : a))));
    assert.equal(other.code, 2);
    assert.match(other.err, /seed0\/config\.json was run with other settings than this study gives it now \(offlineEvalSteps\)/);

    // A study killed during its control arm (after the arm's first checkpoint) continues the arm from there and ends
    // with the same weights and evaluation as the uninterrupted one.
    const out2 = join(root, 'study2');
    const control2 = join(out2, 'runs', 'qflow', label, 'seed0', 'control');
    const child = spawn(process.execPath, [QFLOW_BIN, 'study', ...argv.slice(0, -1), out2], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (!existsSync(join(control2, 'checkpoint.msgpack'))) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    await exited;
    assert.ok(!existsSync(join(control2, 'summary.json')), 'the control arm finished before it could be interrupted');
    const third = await quietly(() => study([...argv.slice(0, -1), out2]));
    assert.equal(third.code, 0, third.err);
    assert.match(readFileSync(join(control2, 'train.log'), 'utf8'), /study: resuming from \S+control\/checkpoint\.msgpack at step (50|60|70|80|90|1\d0)\b/);
    const [a, b] = [loadCheckpoint(join(control, 'checkpoint.msgpack')), loadCheckpoint(join(control2, 'checkpoint.msgpack'))];
    assert.equal(b.loop.step, 200);
    for (const [name, t] of Object.entries(a.agent.tensors)) assert.deepEqual(b.agent.tensors[name]!.data, t.data, name);
    const evals = (dir: string) => lines(dir).filter((l) => l.type === 'eval').map((l) => [l.step, l.success, l.meanReturn]);
    assert.deepEqual(evals(control2), evals(control));
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
