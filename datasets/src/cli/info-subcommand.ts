// qflow datasets info NAME [--dir D] [--json]
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { datasetUrls, getDataset } from '../registry/dataset-registry.js';
import { datasetFile, resolveDataDir, sidecarPath } from '../store/data-dir.js';
import { baseUrlFlag, formatBytes, UsageError } from './cli-errors.js';

export const INFO_HELP = `usage: qflow datasets info NAME [--dir D] [--base-url URL] [--json]

Shows a registered dataset: URLs, episode counts and lengths, shapes, and whether it is in the local store.
Single-task and oraclerep names (e.g. cube-double-play-singletask-task3-v0) resolve to their file.
  --dir D          the store (default $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --base-url URL   mirror to show URLs for (default the OGBench server)
  --json           print JSON
  -h, --help       this text`;

export const INFO_OPTIONS = {
  dir: { type: 'string' }, 'base-url': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

async function storeStatus(file: string): Promise<{ file: string; present: boolean; size?: number; sha256?: string }> {
  try {
    const record = JSON.parse(await readFile(sidecarPath(file), 'utf8')) as { size: number; sha256: string };
    return { file, present: true, size: record.size, sha256: record.sha256 };
  } catch {
    return { file, present: false };
  }
}

export async function infoSubcommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: INFO_OPTIONS });
  if (values.help) { console.log(INFO_HELP); return 0; }
  const baseUrl = baseUrlFlag(values['base-url']);
  if (positionals.length !== 1) throw new UsageError(`expected one dataset name, got ${positionals.length}\n\n${INFO_HELP}`);
  const spec = getDataset(positionals[0]!);
  const urls = datasetUrls(spec.name, baseUrl);
  const store = {
    dir: resolveDataDir(values.dir),
    train: await storeStatus(datasetFile(spec.name, 'train', values.dir)),
    val: await storeStatus(datasetFile(spec.name, 'val', values.dir)),
  };
  if (values.json) { console.log(JSON.stringify({ ...spec, urls, store }, null, 2)); return 0; }
  const lines: [string, string][] = [
    ['name', spec.name], ['family', spec.family], ['environment', `${spec.env}-v0 (episodes of ${spec.maxEpisodeSteps} steps)`],
    ['type', spec.type], ['episodes', `${spec.episodes} train, ${spec.valEpisodes} val`],
    ['stored length', `${spec.storedLength} rows per episode (${spec.rows} rows)`],
    ['transitions', `${spec.transitions} after loading`],
    ['observations', `${spec.observationDtype} [${spec.observationShape.join(', ')}]`], ['actions', `float32 [${spec.actionDim}]`],
    ['qpos / qvel', `${spec.nq} / ${spec.nv}${spec.buttons ? `, button_states ${spec.buttons}` : ''}`],
    ['default task', `task${spec.defaultTask}`], ['url', urls.train], ['val url', urls.val],
  ];
  for (const split of ['train', 'val'] as const) {
    const s = store[split];
    lines.push([`local ${split}`, s.present ? `${s.file} (${formatBytes(s.size!)}, sha256 ${s.sha256})` : `not downloaded (${s.file})`]);
  }
  for (const [k, v] of lines) console.log(`${k.padEnd(14)} ${v}`);
  return 0;
}
