import { EnvHeapProbe } from './dist/src/workers/env-heap-probe.js';
import { createEnv, envSpecs } from './dist/src/envs/registry.js';
const probe = new EnvHeapProbe((m, id) => createEnv(m, id));
const ids = envSpecs().map((s) => s.id);
const costs = await Promise.all(ids.map((id) => probe.measure(id)));
ids.forEach((id, i) => { console.log(id, costs[i]); });
console.log('max', Math.max(...costs));
