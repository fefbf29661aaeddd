// One study cell as a child process: `node bin/qflow.js train ARGS`, its output in the run folder's train.log.
// A run is finished when its summary.json exists; an unfinished folder is emptied and the run starts over (the
// offline → online pipeline has no mid-run checkpoints to continue from; a run repeats bit for bit anyway).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { QFLOW_BIN } from '../online/qflow-subprocess.js';
import { REPORT_FILES } from '../online/run-report.js';
import type { StudyCell } from './study-plan.js';

export const TRAIN_LOG = 'train.log';

const running = new Set<ChildProcess>();

/** Sends SIGTERM to every run in progress (each stops its own local env server); they end as failed runs. */
export function stopRunningCells(): void {
  for (const child of running) child.kill('SIGTERM');
}

export function isFinished(cell: Pick<StudyCell, 'dir'>): boolean {
  return existsSync(join(cell.dir, REPORT_FILES.summary));
}

/** The shell command that runs this cell alone. */
export function cellCommand(cell: Pick<StudyCell, 'trainArgs'>): string {
  return ['node bin/qflow.js train', ...cell.trainArgs.map(shellWord)].join(' ');
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function runCellProcess(cell: StudyCell): Promise<void> {
  rmSync(cell.dir, { recursive: true, force: true });
  mkdirSync(cell.dir, { recursive: true });
  const logPath = join(cell.dir, TRAIN_LOG);
  const log = createWriteStream(logPath);
  await new Promise<void>((resolve) => log.once('open', () => resolve()));
  const child = spawn(process.execPath, [QFLOW_BIN, 'train', ...cell.trainArgs], { stdio: ['ignore', log, log] });
  running.add(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, signal) => resolve(signal ? null : c));
  }).finally(() => running.delete(child));
  await new Promise<void>((resolve) => log.end(resolve));
  if (code !== 0 || !isFinished(cell)) {
    throw new Error(`exit ${code ?? 'by signal'}: ${lastLine(logPath)} (log ${logPath})`);
  }
}

function lastLine(path: string): string {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return lines[lines.length - 1]?.slice(0, 300) ?? '';
}
