// Every agent flag reaches the recorded config of every command that builds an agent: `qflow train --dataset`
// (the checkpoint's config), `qflow train --offline-steps/--online-steps` and `qflow demo` (the report's
// config.json), and `qflow finetune` for the flags a continued run takes. Parse only: nothing is trained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_FLAG_NAMES, type AgentFlagName } from '../src/cli/agent-flags.js';
import { trainPlan } from '../src/cli/train-command.js';
import { offlineOnlinePlan, wantsOfflineOnline } from '../src/cli/offline-online-train.js';
import { demoPlan } from '../src/cli/demo-command.js';
import { finetunePlan, FINETUNE_AGENT_FLAGS, main as finetuneMain } from '../src/cli/finetune-command.js';
import { validateRunConfig, type RunConfig } from '../src/online/run-config.js';
import { makeAgentConfig, type AgentConfig } from '../src/algorithms/index.js';
import { saveCheckpoint } from '../src/checkpoints/checkpoint.js';
import type { HelpPlan, RunPlan } from '../src/cli/run-plan.js';

interface Recorded { agent: string; agentConfig: AgentConfig; seed: number; backend: string; threads?: number }

/** A value for each flag that no command takes by default, and where the recorded config keeps it. */
const FLAG_CASES: Record<AgentFlagName, { value: string; read: (c: Recorded) => unknown; expected: unknown }> = {
  agent: { value: 'fql', read: (c) => c.agent, expected: 'fql' },
  preset: { value: 'paper', read: (c) => c.agentConfig.preset, expected: 'paper' },
  hidden: { value: '24,12', read: (c) => [c.agentConfig.actorHiddenDims, c.agentConfig.valueHiddenDims], expected: [[24, 12], [24, 12]] },
  'batch-size': { value: '7', read: (c) => c.agentConfig.batchSize, expected: 7 },
  lambda: { value: '0.25', read: (c) => c.agentConfig.guidanceLambda, expected: 0.25 },
  alpha: { value: '3.5', read: (c) => c.agentConfig.alpha, expected: 3.5 },
  lr: { value: '0.0007', read: (c) => c.agentConfig.lr, expected: 0.0007 },
  seed: { value: '41', read: (c) => c.seed, expected: 41 },
  backend: { value: 'wasm', read: (c) => c.backend, expected: 'wasm' },
  threads: { value: '3', read: (c) => c.threads, expected: 3 },
};

/** The config a plan records once its backend is chosen ('auto' stands in as cpu: no backend is loaded). */
function recorded<C>(plan: HelpPlan | RunPlan<C>): C {
  assert.equal(plan.help, false);
  const p = plan as RunPlan<C>;
  return p.config(p.backend === 'auto' ? 'cpu' : p.backend);
}

function withTempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-flags-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Checks every flag of `flags` against `configOf(base + [--flag, value])`, and that the value is not the default. */
function walkFlags(command: string, flags: readonly AgentFlagName[], base: string[], configOf: (argv: string[]) => Recorded): void {
  const defaults = configOf(base);
  for (const flag of flags) {
    const { value, read, expected } = FLAG_CASES[flag];
    assert.notDeepEqual(read(defaults), expected, `${command}: --${flag} ${value} is already the default; the case proves nothing`);
    assert.deepEqual(read(configOf([...base, `--${flag}`, value])), expected, `${command} --${flag} ${value}`);
  }
}

test('the test covers every flag of the agent-flag table', () => {
  assert.deepEqual(Object.keys(FLAG_CASES).sort(), [...AGENT_FLAG_NAMES].sort());
});

test('qflow train --dataset: every agent flag lands in the checkpoint config', (t) => {
  const file = join(withTempDir(t), 'tiny.npz');
  writeFileSync(file, ''); // only its existence is checked before any work
  const base = ['--dataset', file, '--env', 'antmaze-large-navigate-singletask-task1-v0'];
  walkFlags('train --dataset', AGENT_FLAG_NAMES, base, (argv) => recorded(trainPlan(argv)));
});

test('qflow train --offline-steps/--online-steps and qflow demo: every agent flag lands in config.json', () => {
  const base = ['--offline-steps', '2', '--online-steps', '2'];
  assert.ok(wantsOfflineOnline([...base, '--alpha', '1']));
  const valid = (c: RunConfig) => validateRunConfig(c); // what `qflow train --config` reads back
  walkFlags('train --online-steps', AGENT_FLAG_NAMES, base, (argv) => valid(recorded(offlineOnlinePlan(argv))));
  walkFlags('demo', AGENT_FLAG_NAMES, [], (argv) => valid(recorded(demoPlan(argv))));
});

test('qflow finetune: --lr, --backend and --threads land in config.json; the checkpoint fixes the others', async (t) => {
  const dir = withTempDir(t);
  const file = join(dir, 'tiny.npz');
  writeFileSync(file, '');
  const checkpoint = join(dir, 'checkpoint.msgpack');
  const agentConfig = makeAgentConfig('qflow', { preset: 'cpu' });
  saveCheckpoint(checkpoint, {
    agent: { kind: 'qflow', config: agentConfig, step: 5, tensors: {} }, samplerRng: [1, 2, 3, 4],
    loop: { step: 5, elapsedSec: 1 },
    config: { dataset: file, env: 'antmaze-large-navigate-singletask-task1-v0', agent: 'qflow', agentConfig, seed: 0, backend: 'cpu', threads: 1 },
  });
  const base = ['--checkpoint', checkpoint, '--online-steps', '3'];
  walkFlags('finetune', FINETUNE_AGENT_FLAGS, base, (argv) => validateRunConfig(recorded(finetunePlan(argv))));
  const original = console.error;
  console.error = () => {};
  try {
    for (const flag of AGENT_FLAG_NAMES.filter((f) => !FINETUNE_AGENT_FLAGS.includes(f))) {
      assert.equal(await finetuneMain([...base, `--${flag}`, FLAG_CASES[flag].value]), 2, `finetune refuses --${flag}`);
    }
  } finally {
    console.error = original;
  }
});
