// qflow datasets inspect FILE|NAME [--env E] [--val] [--dir D] [--json]
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { inspectDataset } from '../inspect/inspect-dataset.js';
import { getDataset } from '../registry/dataset-registry.js';
import { datasetFile } from '../store/data-dir.js';
import { DEFAULT_TASK } from '../tasks/single-task-goal.js';
import { formatBytes, UsageError } from './cli-errors.js';

export const INSPECT_HELP = `usage: qflow datasets inspect FILE|NAME [--env E] [--val] [--dir D] [--json]

Prints a dataset file's arrays (dtype, shape), episodes, transitions, and for each of the five tasks the
single-task reward statistics and success rate (fraction of transitions whose state solves the task).
  FILE|NAME   an .npz path, or a registered name looked up in the store
  --env E     environment for the relabelling when the file name does not say it (${Object.keys(DEFAULT_TASK).slice(0, 3).join(', ')}, ...)
  --val       with NAME: the validation split
  --dir D     the store (default $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --json      print JSON
  -h, --help  this text`;

export const INSPECT_OPTIONS = {
  env: { type: 'string' }, val: { type: 'boolean' }, dir: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

function resolveTarget(target: string, val: boolean, dir: string | undefined): string {
  if (existsSync(target)) return target;
  if (target.endsWith('.npz')) throw new UsageError(`no such file: ${target}`);
  const spec = getDataset(target);
  const file = datasetFile(spec.name, val ? 'val' : 'train', dir);
  if (!existsSync(file)) throw new UsageError(`${spec.name} is not in the store (${file}); run 'qflow datasets download ${spec.name}' first`);
  return file;
}

export async function inspectSubcommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: INSPECT_OPTIONS });
  if (values.help) { console.log(INSPECT_HELP); return 0; }
  if (positionals.length !== 1) throw new UsageError(`expected one FILE or NAME, got ${positionals.length}\n\n${INSPECT_HELP}`);
  if (values.env !== undefined && DEFAULT_TASK[values.env.replace(/^visual-/, '')] === undefined) {
    throw new UsageError(`unknown --env '${values.env}'; valid: ${Object.keys(DEFAULT_TASK).join(', ')}`);
  }
  const report = await inspectDataset(resolveTarget(positionals[0]!, values.val ?? false, values.dir), values.env);
  if (values.json) { console.log(JSON.stringify(report, null, 2)); return 0; }
  console.log(`file         ${report.file} (${formatBytes(report.bytes)})`);
  for (const a of report.arrays) {
    console.log(`  ${a.name.padEnd(14)} ${a.dtype.padEnd(8)} [${a.shape.join(', ')}]  ${a.method}, ${formatBytes(a.compressedSize)} of ${formatBytes(a.uncompressedSize)}`);
  }
  console.log(`rows         ${report.rows}`);
  console.log(`episodes     ${report.episodes}`);
  console.log(`transitions  ${report.transitions}`);
  if (!report.env) {
    console.log('single-task  (no relabelling: the file name does not name an environment; pass --env)');
    return 0;
  }
  console.log(`single-task relabelling for ${report.env}:`);
  console.log('  task     reward min    mean     max   success rate');
  for (const t of report.tasks) {
    console.log(`  task${t.taskId}${t.isDefault ? '*' : ' '} ${t.rewardMin.toFixed(0).padStart(10)} ${t.rewardMean.toFixed(3).padStart(8)} ` +
      `${t.rewardMax.toFixed(0).padStart(7)}   ${(100 * t.successRate).toFixed(2).padStart(6)}%`);
  }
  console.log('  (* = default task)');
  return 0;
}
