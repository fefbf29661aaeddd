// Drain, checked only when the caller can stop the server (a hook), and last: an open StepStream answers every
// request received before the drain began, then ends with UNAVAILABLE (not OK: the client must learn that the
// server went away, not that it finished).
import { status } from '@grpc/grpc-js';
import { collectStream } from './conformance-client.js';
import { Broken } from './check-context.js';
import type { ConformanceCheck } from './conformance-check.js';

const REQUESTS = 24;
const STREAM_END_TIMEOUT_MS = 60_000;

export const drainCheck: ConformanceCheck = {
  name: 'drain/stream',
  promise: 'On shutdown, an open StepStream answers every request received before the drain began, in order, then ends with UNAVAILABLE',
  requires: 'shutdown',
  async run(context) {
    const numEnvs = Math.min(32, context.spec.maxEnvsPerSession);
    const { sessionId } = await context.createSession(numEnvs);
    await context.client.call('reset', { sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true });
    const stream = context.client.stepStream();
    const done = collectStream(stream);
    let answered = 0;
    stream.on('data', () => answered++);
    for (let t = 0; t < REQUESTS; t++) {
      const actions = context.actionTensor(Array.from({ length: numEnvs }, (_, i) => context.action(23, i, t)));
      stream.write({ sessionId, envIds: [], actions, sequence: BigInt(t), renderPoses: false });
    }
    while (answered === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const shutdown = context.options.shutdownServer!();
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), STREAM_END_TIMEOUT_MS).unref());
    const ended = await Promise.race([done, timeout]);
    if (!ended) throw new Broken(`the stream did not end within ${STREAM_END_TIMEOUT_MS / 1000} s of the shutdown`);
    const { responses, code, details } = ended;
    await shutdown;
    const failed = responses.find((r) => r.error);
    if (failed) throw new Broken(`request ${failed.sequence} got error ${status[failed.error!.code]}: ${failed.error!.message}`);
    const sequences = responses.map((r) => Number(r.sequence));
    if (sequences.some((s, i) => s !== i)) throw new Broken(`responses carry sequences [${sequences}], not 0..${responses.length - 1} in order`);
    if (responses.length !== REQUESTS) throw new Broken(`${REQUESTS} requests were sent before the shutdown began; ${responses.length} were answered`);
    if (code !== status.UNAVAILABLE) throw new Broken(`the stream ended with ${status[code]}${details ? ` (${details})` : ''}, expected UNAVAILABLE`);
  },
};
