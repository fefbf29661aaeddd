// qflow datasets download NAME [--base-url URL] [--dir D] [--split S] [--sha256 HEX] [--force]
import { parseArgs } from 'node:util';
import { downloadDataset } from '../download/download-dataset.js';
import { DEFAULT_BASE_URL, getDataset } from '../registry/dataset-registry.js';
import { Split } from '../store/data-dir.js';
import { baseUrlFlag, formatBytes, UsageError } from './cli-errors.js';

export const DOWNLOAD_HELP = `usage: qflow datasets download NAME [--base-url URL] [--dir D] [--split both|train|val] [--sha256 HEX] [--force]

Downloads <NAME>.npz and <NAME>-val.npz into the store, resuming a partial download (<file>.tmp) and retrying
dropped connections; records size and sha256 in <file>.json.
  --base-url URL   server or mirror (default ${DEFAULT_BASE_URL})
  --dir D          the store (default $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --split S        both (default), train or val
  --sha256 HEX     expected sha256 of the file (only with --split train or val)
  --retries N      retries after a dropped connection (default 5)
  --force          download again even if the file is in the store
  -h, --help       this text`;

export const DOWNLOAD_OPTIONS = {
  'base-url': { type: 'string' }, dir: { type: 'string' }, split: { type: 'string', default: 'both' },
  sha256: { type: 'string' }, retries: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

const SPLITS: Record<string, Split[]> = { both: ['train', 'val'], train: ['train'], val: ['val'] };

export async function downloadSubcommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: DOWNLOAD_OPTIONS });
  if (values.help) { console.log(DOWNLOAD_HELP); return 0; }
  const baseUrl = baseUrlFlag(values['base-url']);
  if (positionals.length !== 1) throw new UsageError(`expected one dataset name, got ${positionals.length}\n\n${DOWNLOAD_HELP}`);
  const splits = SPLITS[values.split!];
  if (!splits) throw new UsageError(`unknown --split '${values.split}'; valid: ${Object.keys(SPLITS).join(', ')}`);
  if (values.sha256 !== undefined) {
    if (splits.length !== 1) throw new UsageError('--sha256 needs --split train or --split val (one file)');
    if (!/^[0-9a-fA-F]{64}$/.test(values.sha256)) throw new UsageError(`--sha256 '${values.sha256}' is not 64 hex digits`);
  }
  const retries = values.retries === undefined ? undefined : Number(values.retries);
  if (retries !== undefined && (!/^\d+$/.test(values.retries!) || !Number.isSafeInteger(retries))) {
    throw new UsageError(`--retries '${values.retries}' must be an integer >= 0`);
  }
  const spec = getDataset(positionals[0]!);
  const records = await downloadDataset(spec.name, {
    baseUrl, dir: values.dir, splits, force: values.force, retries,
    sha256: values.sha256 ? { [splits[0]!]: values.sha256 } : undefined,
  });
  for (const r of records) console.log(`${r.file}  ${formatBytes(r.size)}  sha256 ${r.sha256}`);
  return 0;
}
