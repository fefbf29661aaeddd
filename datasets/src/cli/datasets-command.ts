// `qflow datasets <list|info|download|inspect>`; `generate` is served by the env-server package.
import { downloadSubcommand, DOWNLOAD_HELP } from './download-subcommand.js';
import { infoSubcommand, INFO_HELP } from './info-subcommand.js';
import { inspectSubcommand, INSPECT_HELP } from './inspect-subcommand.js';
import { listSubcommand, LIST_HELP } from './list-subcommand.js';
import { UsageError } from './cli-errors.js';

export const SUBCOMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; help: string; what: string }> = {
  list: { run: listSubcommand, help: LIST_HELP, what: 'list registered OGBench datasets' },
  info: { run: infoSubcommand, help: INFO_HELP, what: 'show one dataset: URLs, sizes, shapes, local copy' },
  download: { run: downloadSubcommand, help: DOWNLOAD_HELP, what: 'download a dataset into the store (resumable)' },
  inspect: { run: inspectSubcommand, help: INSPECT_HELP, what: 'summarise a dataset file: arrays, episodes, rewards' },
};

export const HELP = `usage: qflow datasets <subcommand> [options]

subcommands:
${Object.entries(SUBCOMMANDS).map(([n, s]) => `  ${n.padEnd(9)} ${s.what}`).join('\n')}
  generate  generate a dataset with the env server's oracles and experts (see 'qflow datasets generate --help')

The store is --dir, else $QFLOW_DATA_DIR, else ~/.qflow/datasets.
Run 'qflow datasets <subcommand> --help' for its options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    console.error(`qflow datasets: unknown subcommand '${name}'; valid: ${[...Object.keys(SUBCOMMANDS), 'generate'].join(', ')}`);
    return 2;
  }
  try {
    return await sub.run(rest);
  } catch (err) {
    const e = err as Error & { code?: string };
    const usage = err instanceof UsageError || (e.code ?? '').startsWith('ERR_PARSE_ARGS');
    const hint = usage && !(err instanceof UsageError) ? ` (see 'qflow datasets ${name} --help')` : '';
    console.error(`qflow datasets ${name}: ${e.message}${hint}`);
    return usage || /^unknown dataset/.test(e.message) ? 2 : 1;
  }
}
