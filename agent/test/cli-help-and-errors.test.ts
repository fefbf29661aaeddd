// Every `qflow` command and subcommand: `--help` exits 0 and lists exactly the flags its parser accepts (compared
// with the exported parseArgs tables, so help and parser cannot drift), and a bad flag value is refused before any
// work with a message naming the flag, the value and the valid range or choices. Runs bin/qflow.js in-process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

type Options = Record<string, { type: string; short?: string }>;
interface Bin { COMMANDS: Record<string, [string, string]>; GENERATE_MODULE: string; run(argv: string[]): Promise<number> }

async function load<T>(path: string): Promise<T> {
  return (await import(new URL(path, root).href)) as T;
}

async function qflow(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const bin = await load<Bin>('bin/qflow.js');
  const [log, error] = [console.log, console.error];
  let out = '';
  let err = '';
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  console.error = (...a: unknown[]) => { err += a.join(' ') + '\n'; };
  try {
    return { code: await bin.run(argv), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** The command line that prints a help text, and the module and export holding the parser's table behind it. */
const HELP_CASES: { argv: string[]; module: string; table: string }[] = [
  { argv: ['serve'], module: 'env-server/dist/src/cli/serve-command.js', table: 'SERVE_OPTIONS' },
  { argv: ['datasets', 'list'], module: 'datasets/dist/src/cli/list-subcommand.js', table: 'LIST_OPTIONS' },
  { argv: ['datasets', 'info'], module: 'datasets/dist/src/cli/info-subcommand.js', table: 'INFO_OPTIONS' },
  { argv: ['datasets', 'download'], module: 'datasets/dist/src/cli/download-subcommand.js', table: 'DOWNLOAD_OPTIONS' },
  { argv: ['datasets', 'inspect'], module: 'datasets/dist/src/cli/inspect-subcommand.js', table: 'INSPECT_OPTIONS' },
  { argv: ['datasets', 'generate'], module: 'env-server/dist/src/cli/generate-command.js', table: 'GENERATE_OPTIONS' },
  { argv: ['train'], module: 'agent/dist/src/cli/train-command.js', table: 'TRAIN_OPTIONS' },
  { argv: ['train', '--online-steps', '0'], module: 'agent/dist/src/cli/offline-online-train.js', table: 'OFFLINE_ONLINE_OPTIONS' },
  { argv: ['finetune'], module: 'agent/dist/src/cli/finetune-command.js', table: 'FINETUNE_OPTIONS' },
  { argv: ['eval'], module: 'agent/dist/src/cli/eval-command.js', table: 'EVAL_OPTIONS' },
  { argv: ['demo'], module: 'agent/dist/src/cli/demo-command.js', table: 'DEMO_OPTIONS' },
  { argv: ['study'], module: 'agent/dist/src/cli/study-command.js', table: 'STUDY_OPTIONS' },
  { argv: ['toy'], module: 'agent/dist/src/cli/toy-command.js', table: 'TOY_OPTIONS' },
  { argv: ['experts'], module: 'agent/dist/src/cli/experts-command.js', table: 'EXPERTS_OPTIONS' },
  { argv: ['experts', 'train'], module: 'agent/dist/src/cli/experts-command.js', table: 'EXPERTS_TRAIN_OPTIONS' },
  { argv: ['experts', 'export'], module: 'agent/dist/src/cli/experts-command.js', table: 'EXPERTS_EXPORT_OPTIONS' },
  { argv: ['experts', 'eval'], module: 'env-server/dist/src/cli/experts-eval-command.js', table: 'EXPERTS_EVAL_OPTIONS' },
  { argv: ['health'], module: 'env-server/dist/src/cli/health-command.js', table: 'HEALTH_OPTIONS' },
  { argv: ['conformance'], module: 'proto/dist/src/conformance/conformance-command.js', table: 'CONFORMANCE_OPTIONS' },
  { argv: ['render-video'], module: 'env-server/dist/src/cli/render-video-command.js', table: 'RENDER_VIDEO_OPTIONS' },
  { argv: ['bench'], module: 'scripts/bench-command.js', table: 'BENCH_OPTIONS' },
];

test('the help cases cover every command of bin/qflow.js and every datasets subcommand', async () => {
  const bin = await load<Bin>('bin/qflow.js');
  const { SUBCOMMANDS } = await load<{ SUBCOMMANDS: Record<string, unknown> }>('datasets/dist/src/cli/datasets-command.js');
  const covered = new Set(HELP_CASES.map((c) => c.argv.filter((a) => !a.startsWith('-') && !/^\d/.test(a)).join(' ')));
  const expected = [
    ...Object.keys(bin.COMMANDS).filter((c) => c !== 'datasets'),
    ...[...Object.keys(SUBCOMMANDS), 'generate'].map((s) => `datasets ${s}`),
  ];
  for (const c of expected) assert.ok(covered.has(c), `no help case for 'qflow ${c}'`);
  assert.ok(HELP_CASES.some((c) => c.module === bin.GENERATE_MODULE));
  for (const [name, [module]] of Object.entries(bin.COMMANDS)) {
    if (name !== 'datasets') assert.ok(HELP_CASES.some((c) => c.argv[0] === name && c.module === module), `${name}: ${module}`);
  }
});

test('qflow --help, qflow datasets --help and every command --help exit 0; each help lists exactly its parser flags', async () => {
  for (const argv of [['--help'], ['datasets', '--help']]) {
    const r = await qflow(argv);
    assert.equal(r.code, 0, `qflow ${argv.join(' ')}: ${r.err}`);
    assert.match(r.out, /^usage: qflow/);
  }
  for (const { argv, module, table } of HELP_CASES) {
    const name = `qflow ${argv.join(' ')} --help`;
    const r = await qflow([...argv, '--help']);
    assert.equal(r.code, 0, `${name}: exit ${r.code}, ${r.err}`);
    assert.match(r.out, /^usage: qflow /, name);
    const options = (await load<Record<string, Options>>(module))[table];
    assert.ok(options, `${module} exports no ${table}`);
    for (const [flag, spec] of Object.entries(options)) {
      assert.match(r.out, new RegExp(`--${flag}\\b`), `${name} does not list --${flag}`);
      if (spec.short) assert.match(r.out, new RegExp(`-${spec.short}, --${flag}\\b`), `${name} does not list -${spec.short}`);
    }
    // Option lines ("  --flag ARG  what it does") name only flags the parser accepts.
    const listed = [...r.out.matchAll(/^ {1,4}(?:-\w, )?--([a-z0-9-]+)/gm)].map((m) => m[1]!);
    for (const flag of listed) assert.ok(flag in options, `${name} lists --${flag}, which its parser refuses`);
  }
});

/** One bad value per flag type and command: [argv, flag, value, valid range or choices]. */
const BAD_VALUES: [string[], string, string, RegExp][] = [
  [['serve', '--port', '70000'], 'port', '70000', /0\.\.65535/],
  [['serve', '--workers', 'many'], 'workers', 'many', /1\.\.256/],
  [['serve', '--lease-seconds', 'soon'], 'lease-seconds', 'soon', /positive number/],
  [['datasets', 'list', '--family', 'cubes'], 'family', 'cubes', /valid: antmaze, .*puzzle/],
  [['datasets', 'info', 'cube-single-play-v0', '--base-url', 'ftp://mirror'], 'base-url', 'ftp://mirror', /http:\/\/ or https:\/\//],
  [['datasets', 'download', 'cube-single-play-v0', '--split', 'half'], 'split', 'half', /valid: both, train, val/],
  [['datasets', 'download', 'cube-single-play-v0', '--retries=-1'], 'retries', '-1', /integer >= 0/],
  [['datasets', 'download', 'cube-single-play-v0', '--retries', 'few'], 'retries', 'few', /integer >= 0/],
  [['datasets', 'inspect', 'x.npz', '--env', 'mars'], 'env', 'mars', /valid: .*cube/],
  [['datasets', 'generate', 'cube-single-play-v0', '--episodes', '0'], 'episodes', '0', /integer ≥ 1/],
  [['datasets', 'generate', 'cube-single-play-v0', '--seed', 'abc'], 'seed', 'abc', /non-negative integer/],
  [['datasets', 'generate', 'cube-single-play-v0', '--task', '9'], 'task', '9', /one of 1, 2, 3, 4, 5/],
  [['train', '--steps', '0'], 'steps', '0', /integer >= 1/],
  [['train', '--alpha', 'big'], 'alpha', 'big', /positive number/],
  [['train', '--agent', 'sac'], 'agent', 'sac', /valid choices: qflow, fql, bc, bptt/],
  [['train', '--online-steps', '5', '--num-envs', '0'], 'num-envs', '0', /integer >= 1/],
  [['train', '--online-steps', '5', '--alpha', 'big'], 'alpha', 'big', /positive number/],
  [['train', '--online-steps', '5', '--metrics-port', '70000'], 'metrics-port', '70000', /port number in 0\.\.65535/],
  [['train', '--online-steps', '5', '--preset', 'huge'], 'preset', 'huge', /valid choices: paper, cpu/],
  [['finetune', '--online-steps', '0'], 'online-steps', '0', /integer >= 1/],
  [['finetune', '--lr', 'fast'], 'lr', 'fast', /positive number/],
  [['finetune', '--backend', 'gpu'], 'backend', 'gpu', /valid choices: auto, tensorflow, webgpu, blas, wasm, cpu/],
  [['eval', '--episodes', '0'], 'episodes', '0', /integer >= 1/],
  [['eval', '--seed', 'x'], 'seed', 'x', /integer >= 0/],
  [['eval', '--backend', 'gpu'], 'backend', 'gpu', /valid choices: auto, /],
  [['eval', '--video', 'x'], 'video', 'x', /integer >= 0/],
  [['demo', '--threads', '0'], 'threads', '0', /integer >= 1/],
  [['demo', '--hidden', '64,wide'], 'hidden', 'wide', /integer >= 1/],
  [['demo', '--lambda', 'x'], 'lambda', 'x', /positive number/],
  [['demo', '--agent', 'sac'], 'agent', 'sac', /valid choices: qflow, fql, bc, bptt/],
  [['demo', '--video', 'many'], 'video', 'many', /integer >= 0/],
  [['render-video', 'x.poses.json', '--fps', '0'], 'fps', '0', /1\.\.240/],
  [['study', '--agents', 'qflow,sac'], 'agents', 'sac', /valid choices: qflow, fql, bc, bptt/],
  [['study', '--agents', 'bc', '--tasks', 'cube-single-play-singletask-task1-v0', '--seeds', '0-x'], 'seeds', '0-x', /integer >= 0/],
  [['study', '--agents', 'bc', '--tasks', 'cube-single-play-singletask-task1-v0', '--seeds', '0', '--data', 'expert'], 'data', 'expert', /valid choices: play, directed/],
  [['study', '--agents', 'bc', '--tasks', 'cube-single-play-singletask-task1-v0', '--seeds', '0', '--out', 'x', '--budgets', '3000,10k'], 'budgets', '10k', /integer >= 1/],
  [['study', '--agents', 'bc', '--tasks', 'puzzle-3x3-play-singletask-task1-v0', '--seeds', '0', '--out', 'x', '--budgets', '10', '--data', 'directed',
    '--dataset-episodes', '2'], 'task-directed', 'puzzle-3x3-play-v0', /only cube datasets/],
  [['train', '--online-steps', '5', '--offline-eval-steps', '10,x'], 'offline-eval-steps', 'x', /integer >= 1/],
  [['finetune', '--offline-updates', '0'], 'offline-updates', '0', /integer >= 1/],
  [['study', '--agents', 'qflow', '--tasks', 'cube-single-play-singletask-task1-v0', '--seeds', '0', '--out', 'x', '--budgets', '10', '--lambdas', '5,big'],
    'lambdas', 'big', /positive number/],
  [['toy', '--bc-steps=-1'], 'bc-steps', '-1', /integer >= 0/],
  [['toy', '--lr', 'x'], 'lr', 'x', /positive number/],
  [['toy', '--dataset', 'circle'], 'dataset', 'circle', /valid choices: /],
  [['experts', 'train', 'ant-xy', '--steps', '0', '--out', 'x'], 'steps', '0', /integer >= 1/],
  [['experts', 'train', 'ant-xy', '--steps', '5', '--out', 'x', '--backend', 'gpu'], 'backend', 'gpu', /valid choices: auto, /],
  [['experts', 'export', 'no-such-run', '--out', 'x.npz'], 'out', 'x.npz', /must end in \.json/],
  [['experts', 'eval', '--env', 'antmaze-medium', '--episodes', '0'], 'episodes', '0', /integer ≥ 1/],
  [['experts', 'eval', '--env', 'antmaze-medium', '--noise', 'loud'], 'noise', 'loud', /number in \[0, 10\]/],
  [['health', '127.0.0.1:1', '--timeout', 'soon'], 'timeout', 'soon', /positive number of seconds/],
  [['conformance', '127.0.0.1:1', '--only', 'nothing-like-this'], 'only', 'nothing-like-this', /matches no check; checks: /],
];

test('a bad flag value is refused before any work, naming the flag, the value and the valid range or choices', async () => {
  const withSubcommands = ['datasets', 'experts'];
  const commands = new Set(BAD_VALUES.map(([argv]) => withSubcommands.includes(argv[0]!) ? argv.slice(0, 2).join(' ') : argv[0]));
  for (const c of HELP_CASES) {
    const name = c.argv.filter((a) => !a.startsWith('-') && !/^\d/.test(a)).join(' ');
    if (name !== 'bench' && name !== 'experts') assert.ok(commands.has(name), `no bad-value case for 'qflow ${name}'`);
  }
  for (const [argv, flag, value, range] of BAD_VALUES) {
    const name = `qflow ${argv.join(' ')}`;
    const r = await qflow(argv);
    assert.notEqual(r.code, 0, `${name} exited 0`);
    assert.match(r.err, new RegExp(`--${flag}\\b`), `${name}: the message does not name --${flag}: ${r.err}`);
    assert.ok(r.err.includes(`'${value}'`), `${name}: the message does not quote '${value}': ${r.err}`);
    assert.match(r.err, range, `${name}: the message does not give the valid values: ${r.err}`);
  }
  const bench = await qflow(['bench', 'everything']);
  assert.equal(bench.code, 2);
  assert.match(bench.err, /unknown TARGET 'everything'; valid choices: all, env, agent, datasets/);
});

test('bin/qflow.js run as a program: help and a bad value', () => {
  const bin = fileURLToPath(new URL('bin/qflow.js', root));
  const help = spawnSync(process.execPath, [bin, 'bench', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /usage: qflow bench \[TARGET\]/);
  const bad = spawnSync(process.execPath, [bin, 'demo', '--alpha', 'big'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--alpha: 'big' is not a positive number/);
});

test('a command whose module is missing: build advice only when the module is one tsc builds (dist/)', async () => {
  const bin = await load<Bin>('bin/qflow.js');
  bin.COMMANDS['missing-build'] = ['agent/dist/src/cli/no-such-command.js', 'test only'];
  bin.COMMANDS['missing-script'] = ['scripts/no-such-command.js', 'test only'];
  try {
    const build = await qflow(['missing-build']);
    assert.equal(build.code, 1);
    assert.match(build.err, /agent\/dist\/src\/cli\/no-such-command\.js is missing\); run 'npm run build' first/);
    const script = await qflow(['missing-script']);
    assert.equal(script.code, 1);
    assert.match(script.err, /scripts\/no-such-command\.js is missing\); this checkout is incomplete/);
    assert.doesNotMatch(script.err, /npm run build/);
  } finally {
    delete bin.COMMANDS['missing-build'];
    delete bin.COMMANDS['missing-script'];
  }
});
