// Checkpoints: one msgpack file holding everything a run needs to continue bit-exactly (agent weights, Adam
// moments and step; the batch sampler's RNG state; loop counters; the run's config). Written atomically
// (../files/replace-file.ts), so a crash mid-write leaves the previous checkpoint intact.
import { existsSync, readFileSync } from 'node:fs';
import { replaceFile } from '../files/replace-file.js';
import { Packr } from 'msgpackr';
import type { AgentRngState } from '../random/agent-rng.js';
import type { AgentStateLike } from '../algorithms/agent.js';

export const CHECKPOINT_FORMAT = 'qflow-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface LoopCounters {
  /** Updates done so far (the next update is number step + 1). */
  step: number;
  /** Wall-clock seconds spent training before this checkpoint (summed over resumed runs). */
  elapsedSec: number;
}

export interface Checkpoint {
  agent: AgentStateLike;
  samplerRng: AgentRngState;
  loop: LoopCounters;
  /** The run's settings (CLI flags, dataset, agent config) as plain JSON. */
  config: Record<string, unknown>;
}

const packr = new Packr({ useRecords: false });

/** Float32Arrays travel as little-endian bytes (msgpack has no float32-array type). */
function encodeAgent(agent: AgentStateLike): unknown {
  const tensors: Record<string, { shape: number[]; bytes: Uint8Array }> = {};
  for (const [name, t] of Object.entries(agent.tensors)) {
    tensors[name] = { shape: t.shape, bytes: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) };
  }
  return { ...agent, tensors };
}

function decodeAgent(raw: any, path: string): AgentStateLike {
  if (!raw || typeof raw !== 'object' || typeof raw.tensors !== 'object') {
    throw new Error(`checkpoint ${path}: missing agent state`);
  }
  const tensors: AgentStateLike['tensors'] = {};
  for (const [name, t] of Object.entries<any>(raw.tensors)) {
    const bytes: Uint8Array = t.bytes;
    const size = (t.shape as number[]).reduce((a, b) => a * b, 1);
    if (!(bytes instanceof Uint8Array) || bytes.byteLength !== size * 4) {
      throw new Error(`checkpoint ${path}: tensor '${name}' has ${bytes?.byteLength} bytes, shape [${t.shape}] needs ${size * 4}`);
    }
    // Copy into a fresh, aligned buffer: the decoded bytes may sit at any offset of the file buffer.
    const data = new Float32Array(size);
    new Uint8Array(data.buffer).set(bytes);
    tensors[name] = { shape: t.shape, data };
  }
  return { ...raw, tensors };
}

export function encodeCheckpoint(ckpt: Checkpoint): Uint8Array {
  return packr.pack({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    agent: encodeAgent(ckpt.agent),
    samplerRng: ckpt.samplerRng,
    loop: ckpt.loop,
    config: ckpt.config,
  });
}

export function decodeCheckpoint(bytes: Uint8Array, path = '<bytes>'): Checkpoint {
  let raw: any;
  try {
    raw = packr.unpack(bytes);
  } catch (err) {
    throw new Error(`checkpoint ${path}: not a readable msgpack file (${(err as Error).message})`);
  }
  if (raw?.format !== CHECKPOINT_FORMAT) throw new Error(`checkpoint ${path}: not a qflow checkpoint`);
  if (raw.version !== CHECKPOINT_VERSION) {
    throw new Error(`checkpoint ${path}: version ${raw.version} is not supported (expected ${CHECKPOINT_VERSION})`);
  }
  return { agent: decodeAgent(raw.agent, path), samplerRng: raw.samplerRng, loop: raw.loop, config: raw.config };
}

export function saveCheckpoint(path: string, ckpt: Checkpoint): void {
  replaceFile(path, encodeCheckpoint(ckpt));
}

export function loadCheckpoint(path: string): Checkpoint {
  if (!existsSync(path)) throw new Error(`checkpoint ${path} does not exist`);
  return decodeCheckpoint(readFileSync(path), path);
}
