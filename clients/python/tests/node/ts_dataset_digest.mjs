#!/usr/bin/env node
// What the TypeScript loader (datasets/src/loader/load-dataset.ts) makes of an .npz file, per OGBench key:
// dtype, shape and the SHA-256 of the array's bytes, as JSON on stdout.
//   node ts_dataset_digest.mjs FILE [ENV TASK_ID] [--compact] [--add-info]
//   (ENV TASK_ID: single-task rewards and masks, e.g. cube-single 2; the flags: load_dataset's compact and add_info)
import { createHash } from 'node:crypto';
import { loadDataset } from '@qflow/datasets';

const args = process.argv.slice(2);
const [file, env, taskText] = args.filter((a) => !a.startsWith('--'));
const d = await loadDataset(file, {
  singleTask: env ? { env, taskId: Number(taskText) } : undefined,
  compact: args.includes('--compact'),
  addInfo: args.includes('--add-info'),
});
const keys = {
  observations: 'observations', actions: 'actions', next_observations: 'nextObservations', terminals: 'terminals', valids: 'valids',
  rewards: 'rewards', masks: 'masks', qpos: 'qpos', qvel: 'qvel', button_states: 'buttonStates',
};
const out = {};
for (const [key, prop] of Object.entries(keys)) {
  const a = d[prop];
  if (!a) continue;
  const bytes = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  out[key] = { dtype: a.dtype, shape: a.shape, sha256: createHash('sha256').update(bytes).digest('hex') };
}
console.log(JSON.stringify(out));
