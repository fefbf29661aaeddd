#!/usr/bin/env node
// The `qflow` command: one entry point that hands each subcommand to the package that owns it.
// Each target module exports `main(argv: string[]): Promise<number>` (the exit code).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, realpathSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const COMMANDS = {
  serve: ['env-server/dist/src/cli/serve-command.js', 'start an env server (gRPC) hosting MuJoCo environments and datasets'],
  health: ['env-server/dist/src/cli/health-command.js', 'ask a server at HOST:PORT whether it is SERVING (grpc health; for container probes)'],
  datasets: ['datasets/dist/src/cli/datasets-command.js', 'list|info|download|inspect|generate OGBench-format datasets'],
  train: ['agent/dist/src/cli/train-command.js', 'train an agent offline (and optionally online) from a dataset'],
  finetune: ['agent/dist/src/cli/finetune-command.js', 'fine-tune a checkpoint online against env servers'],
  eval: ['agent/dist/src/cli/eval-command.js', 'evaluate a checkpoint on env servers'],
  toy: ['agent/dist/src/cli/toy-command.js', 'the 2D study: Q-Flow vs FQL vs BPTT vs BC on toy datasets'],
  study: ['agent/dist/src/cli/study-command.js', 'every agent x task x seed as one run; mean success with error bars over seeds'],
  demo: ['agent/dist/src/cli/demo-command.js', 'the main job: server, dataset, offline training, online fine-tuning, report'],
  experts: ['agent/dist/src/cli/experts-command.js', 'train|export|eval SAC locomotion experts (the data collection\'s low-level policies)'],
  'render-video': ['env-server/dist/src/cli/render-video-command.js', 'render recorded evaluation episodes (eval --video) to MP4 + GIF in headless chromium'],
  conformance: ['proto/dist/src/conformance/conformance-command.js', 'check a qflow.v1 server at HOST:PORT against the protocol\'s promises'],
  bench: ['scripts/bench-command.js', 'run the benchmarks (env, agent, datasets)'],
};

/** Generation needs the physics, so `datasets generate` belongs to the env server package. */
export const GENERATE_MODULE = 'env-server/dist/src/cli/generate-command.js';
/** So does expert evaluation: `experts eval` runs in the env server package (no agent dependency). */
export const EXPERTS_EVAL_MODULE = 'env-server/dist/src/cli/experts-eval-command.js';
/** Subcommands handled by another package than their command's. */
const ROUTED = { 'datasets generate': GENERATE_MODULE, 'experts eval': EXPERTS_EVAL_MODULE };

function usage() {
  const lines = Object.entries(COMMANDS).map(([name, [, what]]) => `  ${name.padEnd(12)} ${what}`);
  return `usage: qflow <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'qflow <command> --help' for a command's options.`;
}

/** Runs `qflow ARGV` in this process; resolves to the exit code. */
export async function run(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return command ? 0 : 2;
  }
  const routed = ROUTED[`${command} ${rest[0]}`];
  const entry = routed ? [routed] : Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    console.error(`qflow: unknown command '${command}'; valid commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  const modulePath = join(root, entry[0]);
  if (!existsSync(modulePath)) {
    // Only the packages' dist/ is built; a missing script (scripts/) is a broken checkout, not a missing build.
    const advice = entry[0].includes('/dist/') ? "run 'npm run build' first" : 'this checkout is incomplete';
    console.error(`qflow: '${command}' is not available (${entry[0]} is missing); ${advice}`);
    return 1;
  }
  const mod = await import(pathToFileURL(modulePath).href);
  return mod.main(routed ? rest.slice(1) : rest);
}

// Run only as a program (through npm's bin link too), not when a test imports COMMANDS and run.
const invoked = process.argv[1] !== undefined && existsSync(process.argv[1]) && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  run(process.argv.slice(2)).then(
    (code) => { process.exitCode = code ?? 0; },
    (err) => { console.error(`qflow: ${err?.stack ?? err}`); process.exitCode = 1; },
  );
}
