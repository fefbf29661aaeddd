// Writes an expert file (docs/algorithm.md#expert-file-format) from a SAC agent: the actor's mean network, i.e.
// its layers with the last one cut to the mean's |A| columns (the log-std columns dropped). The env server runs it
// with a plain dense forward; the agent never reads it back.
import { mkdirSync } from 'node:fs';
import { replaceFile } from '../files/replace-file.js';
import { dirname } from 'node:path';
import type { SacAgent } from './sac-agent.js';

export const EXPERT_FORMAT = 'qflow-expert';
export const EXPERT_VERSION = 1;

function base64(data: Float32Array): string {
  const bytes = Buffer.alloc(data.length * 4);
  data.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

/** The expert file's JSON object for `agent`'s current actor. */
export function expertJson(agent: SacAgent, envId: string, training: Record<string, unknown>): Record<string, unknown> {
  const widths = [agent.obsDim, ...agent.settings.actorHidden, agent.actDim];
  const layers = widths.slice(0, -1).map((inputDim, i) => {
    const outputDim = widths[i + 1]!;
    const w = agent.store.get(`actor/l${i}/w`).dataSync() as Float32Array;
    const b = agent.store.get(`actor/l${i}/b`).dataSync() as Float32Array;
    const last = i + 2 === widths.length;
    // The actor's last layer has 2|A| columns, [mean | log-std]; keep the mean's.
    const fullOut = last ? 2 * agent.actDim : outputDim;
    const weights = new Float32Array(inputDim * outputDim);
    for (let r = 0; r < inputDim; r++) weights.set(w.subarray(r * fullOut, r * fullOut + outputDim), r * outputDim);
    return { inputDim, outputDim, weights: base64(weights), bias: base64(b.slice(0, outputDim)) };
  });
  return {
    format: EXPERT_FORMAT, version: EXPERT_VERSION, envId, obsDim: agent.obsDim, actDim: agent.actDim,
    activation: agent.settings.activation, output: 'tanh', layers, training,
  };
}

/** Writes the expert file atomically (temp file, then rename). */
export function writeExpertFile(path: string, json: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  replaceFile(path, JSON.stringify(json) + '\n');
}
