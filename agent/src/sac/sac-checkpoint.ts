// A SAC run's checkpoint (docs/algorithm.md#sac-experts): one msgpack file with the agent's state, the replay
// buffer, the generators' states and the loop counters, written atomically (temp file, flush, rename) like the
// agent's other checkpoints. Float32Arrays travel as little-endian bytes tagged {f32: bytes}.
import { existsSync, readFileSync } from 'node:fs';
import { Packr } from 'msgpackr';
import { replaceFile } from '../files/replace-file.js';
import type { AgentRngState } from '../random/agent-rng.js';
import type { ReplayState } from './replay-buffer.js';
import type { SacState } from './sac-agent.js';

export const SAC_CHECKPOINT_FORMAT = 'qflow-sac-checkpoint';
export const SAC_CHECKPOINT_VERSION = 1;

export interface SacLoopState {
  envSteps: number;
  episodes: number;
  /** Wall-clock seconds trained so far, summed over resumed runs. */
  elapsedSec: number;
  /** How many times the run was started (1 + resumes); seeds each start's env episodes. */
  starts: number;
}

export interface SacCheckpoint {
  agent: SacState;
  replay: ReplayState;
  batchRng: AgentRngState;
  actionRng: AgentRngState;
  loop: SacLoopState;
  config: Record<string, unknown>;
}

const packr = new Packr({ useRecords: false });

function encode(value: unknown): unknown {
  if (value instanceof Float32Array) return { f32: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

function decode(value: any): any {
  if (value && typeof value === 'object' && value.f32 instanceof Uint8Array) {
    const bytes: Uint8Array = value.f32;
    // Copy into an aligned buffer: decoded bytes may sit at any offset of the file buffer.
    const out = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  return value;
}

export function saveSacCheckpoint(path: string, ckpt: SacCheckpoint): void {
  replaceFile(path, packr.pack({ format: SAC_CHECKPOINT_FORMAT, version: SAC_CHECKPOINT_VERSION, ...(encode(ckpt) as object) }));
}

export function loadSacCheckpoint(path: string): SacCheckpoint {
  if (!existsSync(path)) throw new Error(`checkpoint ${path} does not exist`);
  let raw: any;
  try {
    raw = packr.unpack(readFileSync(path));
  } catch (err) {
    throw new Error(`checkpoint ${path}: not a readable msgpack file (${(err as Error).message})`);
  }
  if (raw?.format !== SAC_CHECKPOINT_FORMAT) throw new Error(`checkpoint ${path}: not a SAC expert checkpoint (format '${raw?.format}')`);
  if (raw.version !== SAC_CHECKPOINT_VERSION) throw new Error(`checkpoint ${path}: version ${raw.version} is not supported (expected ${SAC_CHECKPOINT_VERSION})`);
  const { format: _f, version: _v, ...rest } = decode(raw);
  return rest as SacCheckpoint;
}
