// deploy/k8s/base/agent/job.yaml runs `qflow train` with flags that this version's parser accepts (an unknown or
// bad flag would crash-loop the Job), and the resume wrapper adds --resume only when a checkpoint is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { offlineOnlinePlan } from '../src/cli/offline-online-train.js';

const JOB = fileURLToPath(new URL('../../../deploy/k8s/base/agent/job.yaml', import.meta.url));
const agent = parse(readFileSync(JOB, 'utf8')).spec.template.spec.containers[0];

test('the Job\'s train flags parse', () => {
  const args: string[] = agent.args;
  assert.equal(args[0], 'train');
  const plan = offlineOnlinePlan(args.slice(1));
  assert.equal(plan.help, false);
});

test('the resume wrapper passes --resume with the offline checkpoint, else the offline-phase one, else nothing', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'qflow-job-'));
  // The container's command with `node` replaced by a stand-in that prints its arguments.
  const script = String(agent.command[2]).replace('exec node /app/bin/qflow.js', 'echo');
  const run = () => spawnSync('sh', ['-c', script, 'qflow', 'train', '--out', runDir], { encoding: 'utf8', env: { ...process.env, RUN_DIR: runDir } }).stdout.trim();
  try {
    assert.equal(run(), `train --out ${runDir}`);
    writeFileSync(join(runDir, 'checkpoint.msgpack'), '');
    assert.equal(run(), `train --out ${runDir} --resume ${runDir}/checkpoint.msgpack`);
    writeFileSync(join(runDir, 'checkpoint-offline.msgpack'), '');
    assert.equal(run(), `train --out ${runDir} --resume ${runDir}/checkpoint-offline.msgpack`);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
});
