// One study cell as child processes: its offline run `node bin/qflow.js train ARGS` (output in the run folder's
// train.log), then its arms `node bin/qflow.js finetune ARGS` (each in its own folder). A run or arm is finished
// when its summary.json exists. An interrupted offline run continues (`train --resume`) from its last offline
// checkpoint, or, once the offline phase is done, from checkpoint-offline.msgpack (the online phase starts over);
// metrics.jsonl is cut back to that checkpoint so no line is counted twice. Without a usable checkpoint the folder
// is emptied and the run starts over. An interrupted control arm continues from its own last checkpoint in the
// same way; an interrupted online arm starts over from the offline run's checkpoint (the offline phase is never
// redone for an arm).
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { replaceFile } from '../files/replace-file.js';
import { readJsonLines } from '../files/json-lines.js';
import { join } from 'node:path';
import { loadCheckpoint } from '../checkpoints/checkpoint.js';
import { OFFLINE_CHECKPOINT_FILE } from '../online/offline-online-run.js';
import { QFLOW_BIN } from '../online/qflow-subprocess.js';
import { CHECKPOINT_FILE, METRICS_FILE } from '../training/offline-training.js';
import { REPORT_FILES } from '../online/run-report.js';
import type { StudyArm, StudyCell } from './study-plan.js';

export const TRAIN_LOG = 'train.log';
/**
 * Two lines per attempt at the run: one when it starts (time, where it resumed from), one with its wall time when it
 * ends. A resumed run's wall time is their sum; an attempt killed with the study (no end line) is closed by the next
 * attempt, with the time of the last file it wrote.
 */
export const ATTEMPTS_FILE = 'attempts.jsonl';

const running = new Set<ChildProcess>();

/** Sends SIGTERM to every run in progress (each stops its own local env server); they end as failed runs. */
export function stopRunningCells(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** The offline run (or an arm) in `dir` has finished. */
export function hasFinished(dir: string): boolean {
  return existsSync(join(dir, REPORT_FILES.summary));
}

/** The offline run and all its arms have finished. */
export function isFinished(cell: Pick<StudyCell, 'dir' | 'arms'>): boolean {
  return hasFinished(cell.dir) && cell.arms.every((a) => hasFinished(a.dir));
}

/** The shell command that runs this cell's offline run alone. */
export function cellCommand(cell: Pick<StudyCell, 'trainArgs'>): string {
  return ['node bin/qflow.js train', ...cell.trainArgs.map(shellWord)].join(' ');
}

/** The shell command that runs an arm alone (after its offline run). */
export function armCommand(arm: Pick<StudyArm, 'args'>): string {
  return ['node bin/qflow.js finetune', ...arm.args.map(shellWord)].join(' ');
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The offline run (resumed or started over), then each arm not finished yet. */
export async function runCellProcess(cell: StudyCell): Promise<void> {
  if (!hasFinished(cell.dir)) {
    closeKilledAttempt(cell.dir);
    const resume = resumePoint(cell);
    if (!resume) {
      rmSync(cell.dir, { recursive: true, force: true });
      mkdirSync(cell.dir, { recursive: true });
    }
    const args = [...cell.trainArgs, '--checkpoint-interval', String(cell.checkpointInterval), ...(resume ? ['--resume', resume.path] : [])];
    await runQflow(cell.dir, 'train', args, resume);
  }
  for (const arm of cell.arms.filter((a) => !hasFinished(a.dir))) {
    closeKilledAttempt(arm.dir);
    const resume = arm.kind === 'control'
      ? resumePoint({ dir: arm.dir, config: { offlineSteps: cell.config.offlineSteps + arm.updates, onlineSteps: 0 } })
      : undefined;
    if (!resume) {
      rmSync(arm.dir, { recursive: true, force: true });
      mkdirSync(arm.dir, { recursive: true });
    }
    await runQflow(arm.dir, 'finetune', resume ? controlResumeArgs(arm, resume, cell.config.offlineSteps) : arm.args, resume);
  }
}

/** The control's arguments continuing from its checkpoint at `resume.step`: from there, the updates still to do. */
export function controlResumeArgs(arm: Pick<StudyArm, 'args' | 'updates'>, resume: { path: string; step: number }, offlineSteps: number): string[] {
  const args = [...arm.args];
  args[args.indexOf('--checkpoint') + 1] = resume.path;
  args[args.indexOf('--offline-updates') + 1] = String(offlineSteps + arm.updates - resume.step);
  return args;
}

/** `qflow COMMAND ARGS` with its output in DIR/train.log and its start and end lines in DIR/attempts.jsonl; throws unless it finished. */
async function runQflow(dir: string, command: string, args: string[], resume?: { path: string; step: number }): Promise<void> {
  const logPath = join(dir, TRAIN_LOG);
  const log = createWriteStream(logPath, { flags: 'a' });
  await new Promise<void>((resolve) => log.once('open', () => resolve()));
  if (resume) log.write(`study: resuming from ${resume.path} at step ${resume.step}\n`);
  appendFileSync(join(dir, ATTEMPTS_FILE), JSON.stringify({ startedAt: Date.now(), resumedFromStep: resume?.step ?? null }) + '\n');
  const t0 = performance.now();
  const child = spawn(process.execPath, [QFLOW_BIN, command, ...args], { stdio: ['ignore', log, log] });
  running.add(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, signal) => resolve(signal ? null : c));
  }).finally(() => running.delete(child));
  await new Promise<void>((resolve) => log.end(resolve));
  appendFileSync(join(dir, ATTEMPTS_FILE), JSON.stringify({
    wallSec: (performance.now() - t0) / 1000, resumedFromStep: resume?.step ?? null, exit: code,
  }) + '\n');
  if (code !== 0 || !hasFinished(dir)) {
    throw new Error(`exit ${code ?? 'by signal'}: ${lastLine(logPath)} (log ${logPath})`);
  }
}

/**
 * An attempt that started but never wrote its end line was killed with its study (a session that ended, a machine
 * that went down): its wall time runs to the last write to its metrics or log, recorded before they are cut back.
 */
export function closeKilledAttempt(dir: string): void {
  const path = join(dir, ATTEMPTS_FILE);
  if (!existsSync(path)) return;
  const last = readJsonLines<{ startedAt?: number; resumedFromStep?: number | null }>(path).pop();
  if (last?.startedAt === undefined) return;
  const lastWrite = Math.max(last.startedAt, ...[METRICS_FILE, TRAIN_LOG].map((f) => join(dir, f)).filter(existsSync).map((f) => statSync(f).mtimeMs));
  appendFileSync(path, JSON.stringify({ wallSec: (lastWrite - last.startedAt) / 1000, resumedFromStep: last.resumedFromStep ?? null, exit: null, killed: true }) + '\n');
}

function lastLine(path: string): string {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return lines[lines.length - 1]?.slice(0, 300) ?? '';
}

/**
 * Where an interrupted run continues: its offline checkpoint (step before the end of the offline phase), or the
 * end-of-offline checkpoint when there is an online phase to redo; metrics.jsonl is cut back to that checkpoint's
 * record. Undefined: start over.
 */
export function resumePoint(cell: { dir: string; config: Pick<StudyCell['config'], 'offlineSteps' | 'onlineSteps'> }): { path: string; step: number } | undefined {
  const offlineEnd = join(cell.dir, OFFLINE_CHECKPOINT_FILE);
  const latest = join(cell.dir, CHECKPOINT_FILE);
  const path = cell.config.onlineSteps > 0 && existsSync(offlineEnd) ? offlineEnd : latest;
  let step: number;
  try {
    step = loadCheckpoint(path).loop.step;
  } catch {
    return undefined; // absent, or cut short by the interruption
  }
  if (path === latest && step >= cell.config.offlineSteps) return undefined;
  return cutMetrics(join(cell.dir, METRICS_FILE), step) ? { path, step } : undefined;
}

/** Keeps metrics.jsonl up to the offline checkpoint record at `step`; false when there is none. */
function cutMetrics(metricsPath: string, step: number): boolean {
  if (!existsSync(metricsPath)) return false;
  const lines = readFileSync(metricsPath, 'utf8').split('\n');
  const end = lines.findIndex((l) => {
    const r = parseLine(l);
    return r?.type === 'checkpoint' && r.step === step && r.phase === undefined;
  });
  if (end < 0) return false;
  replaceFile(metricsPath, lines.slice(0, end + 1).join('\n') + '\n');
  return true;
}

function parseLine(line: string): { type?: string; step?: number; phase?: string } | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined; // blank, or the last line cut by the interruption
  }
}
