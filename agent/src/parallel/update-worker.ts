// Worker thread of a data-parallel agent: its own tfjs backend and a replica of the agent whose parameters,
// Adam moments and targets live in buffers shared with every rank. It computes its shard's gradients and the
// optimizer step of its segment of the parameter vector when asked (see data-parallel-agent.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendRequest } from '../backend/index.js';
import { FlowAgent } from '../algorithms/flow-agent.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-messages.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const reply = (message: WorkerReply) => port.postMessage(message);

async function start(): Promise<FlowAgent> {
  const selection = await selectBackend(init.backend as BackendRequest, () => {});
  // A fallback here would silently give this rank other arithmetic than rank 0's.
  if (selection.name !== init.backend) throw new Error(`rank ${init.rank} could not start backend ${init.backend}: ${selection.message}`);
  const agent = new FlowAgent(init.kind, init.config, init.obsDim, init.actDim, init.seed, { hostBuffers: init.host });
  agent.syncFromHost();
  return agent;
}

const ready = start();
ready.then(() => reply({ type: 'ready' }), (err) => reply({ type: 'error', message: `update worker failed to start: ${(err as Error).message}` }));

// Requests are handled strictly in arrival order (a sync must finish before the next gradients).
let queue: Promise<unknown> = ready.catch(() => {});
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const agent = await ready;
      if (request.type === 'gradients') {
        agent.follow(request.step, request.seed);
        const start = performance.now();
        const scalars = await agent.shardGradients(request.batch, request.rows, init.gradSlots[init.rank]!);
        reply({ type: 'gradients', id: request.id, scalars, ms: performance.now() - start });
      } else if (request.type === 'apply') {
        const squares = agent.optimizerStep(init.gradSlots, request.weights, request.count, request.segment);
        reply({ type: 'apply', id: request.id, squares });
      } else {
        agent.syncFromHost();
      }
    } catch (err) {
      reply({ type: 'error', id: 'id' in request ? request.id : undefined, message: (err as Error).message });
    }
  });
});

