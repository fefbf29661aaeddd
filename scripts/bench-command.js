// `qflow bench [TARGET]`: runs the benchmark scripts of the root package.json (`npm run bench` for all, else
// `npm run bench:TARGET`), so the list of benchmarks lives in one place.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const BENCH_OPTIONS = { help: { type: 'boolean', short: 'h' } };

/** TARGET → [npm script, its command line]; 'all' is the `bench` script. */
export function benchTargets() {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.fromEntries(Object.entries(scripts)
    .filter(([name]) => name === 'bench' || name.startsWith('bench:'))
    .map(([name, line]) => [name === 'bench' ? 'all' : name.slice('bench:'.length), [name, line]]));
}

function help(targets) {
  const lines = Object.entries(targets).map(([t, [, line]]) => `  ${t.padEnd(22)} ${line}`);
  return `usage: qflow bench [TARGET] [options]

Runs a benchmark script of package.json with npm (run 'npm run build' first). Benchmarks take minutes and use every
core: not on a shared machine while others measure.

TARGET (default all):
${lines.join('\n')}

options:
  -h, --help             this text`;
}

export async function main(argv) {
  const targets = benchTargets();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: BENCH_OPTIONS });
  } catch (err) {
    console.error(`qflow bench: ${err.message}\nrun 'qflow bench --help' for the options`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(help(targets));
    return 0;
  }
  const [target = 'all', ...extra] = parsed.positionals;
  if (extra.length) {
    console.error(`qflow bench: expected at most one TARGET, got ${parsed.positionals.join(' ')}`);
    return 2;
  }
  if (!Object.hasOwn(targets, target)) {
    console.error(`qflow bench: unknown TARGET '${target}'; valid choices: ${Object.keys(targets).join(', ')}`);
    return 2;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', targets[target][0]], { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`qflow bench: cannot run npm: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}
