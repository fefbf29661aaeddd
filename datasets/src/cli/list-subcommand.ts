// qflow datasets list [--family F] [--json]
import { parseArgs } from 'node:util';
import { listDatasets } from '../registry/dataset-registry.js';
import { FAMILIES } from '../registry/dataset-name.js';
import { UsageError } from './cli-errors.js';

export const LIST_HELP = `usage: qflow datasets list [--family F] [--visual] [--json]

Lists the OGBench datasets of the registry.
  --family F   only this family (${FAMILIES.join(', ')})
  --visual     include the visual (64x64x3 image) twins
  --json       print JSON instead of a table
  -h, --help   this text`;

export const LIST_OPTIONS = {
  family: { type: 'string' }, visual: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export function listSubcommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: LIST_OPTIONS });
  if (values.help) { console.log(LIST_HELP); return 0; }
  if (values.family !== undefined && !FAMILIES.includes(values.family as never)) {
    throw new UsageError(`unknown --family '${values.family}'; valid: ${FAMILIES.join(', ')}`);
  }
  const specs = listDatasets(values.family).filter((d) => values.visual || !d.visual);
  if (values.json) { console.log(JSON.stringify(specs, null, 2)); return 0; }
  const header = ['name', 'episodes', 'length', 'transitions', 'obs', 'act'];
  const rows = specs.map((d) => [d.name, String(d.episodes), String(d.storedLength), `${d.transitions / 1e6}M`,
    d.observationShape.join('x'), String(d.actionDim)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  return 0;
}
