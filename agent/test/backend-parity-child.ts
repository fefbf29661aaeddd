// Child process of nn-webgpu.test.ts (tfjs runs one backend per process): a few Q-Flow updates at a tiny config on
// the backend named in argv[2]; prints the metrics of each update, act()'s actions and the final state (params,
// Adam moments) as JSON.
import { selectBackend, type BackendRequest } from '../src/backend/index.js';
import { createAgent, makeAgentConfig, type Batch } from '../src/algorithms/index.js';

const PARITY = { obsDim: 5, actDim: 2, batch: 16, updates: 3, seed: 11 };

function batch(seed: number): Batch {
  const { obsDim, actDim, batch: n } = PARITY;
  let state = seed;
  const rnd = (len: number) => Float32Array.from({ length: len }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
  return {
    size: n, observations: rnd(n * obsDim), actions: rnd(n * actDim), rewards: rnd(n),
    masks: Float32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0 : 1)), nextObservations: rnd(n * obsDim),
  };
}

interface ParityResult {
  backend: string;
  metrics: Record<string, number>[];
  actions: number[];
  tensors: Record<string, number[]>;
}

async function main(requested: BackendRequest): Promise<void> {
  const selection = await selectBackend(requested, () => {});
  if (selection.name !== requested) throw new Error(`wanted ${requested}, got ${selection.message}`);
  const config = makeAgentConfig('qflow', {
    preset: 'cpu',
    overrides: { actorHiddenDims: [32, 32], valueHiddenDims: [32, 32], batchSize: PARITY.batch, flowSteps: 2 },
  });
  const agent = createAgent('qflow', config, PARITY.obsDim, PARITY.actDim, PARITY.seed);
  const metrics: Record<string, number>[] = [];
  for (let i = 0; i < PARITY.updates; i++) metrics.push(await agent.update(batch(i + 1)));
  const actions = await agent.act(batch(99).observations.subarray(0, 4 * PARITY.obsDim), 4, 7);
  const state = await agent.getState();
  const tensors = Object.fromEntries(Object.entries(state.tensors).map(([k, v]) => [k, Array.from(v.data)]));
  const result: ParityResult = { backend: selection.name, metrics, actions: Array.from(actions), tensors };
  // Exit only once the pipe has taken everything (Dawn's threads would otherwise keep the process up).
  await new Promise<void>((resolve) => process.stdout.write(JSON.stringify(result), () => resolve()));
}

main(process.argv[2] as BackendRequest).then(() => process.exit(0), (err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
