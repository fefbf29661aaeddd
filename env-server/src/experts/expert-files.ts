// Where data generation and `qflow experts eval` find the low-level experts: `env-server/experts/<name>.json` by
// default (committed with their training config), or a file given on the command line. A loaded expert carries its
// path and sha256 for the provenance sidecar.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPERT_ENV_IDS, type ExpertName } from '@qflow/datasets';
import { ExpertPolicy } from './expert-policy.js';

export type { ExpertName };

/** The folder of the committed experts (env-server/experts/, next to src/ and dist/). */
export const DEFAULT_EXPERT_DIR = fileURLToPath(new URL('../../../experts/', import.meta.url));

export function defaultExpertPath(name: ExpertName): string {
  return `${DEFAULT_EXPERT_DIR}${name}.json`;
}

/** An expert with where it came from. */
export interface LoadedExpert {
  name: ExpertName;
  path: string;
  sha256: string;
  policy: ExpertPolicy;
}

/**
 * Loads expert `name` from `path` (default: the committed file). A missing file gets a message saying how to make
 * one; an expert trained on another env or with other widths is refused.
 */
export function loadExpert(name: ExpertName, path = defaultExpertPath(name), widths?: { obsDim: number; actDim: number }): LoadedExpert {
  if (!existsSync(path)) {
    throw new Error(`expert file ${path} not found: train one with 'qflow experts train ${name} --steps N --out DIR', ` +
      `export it with 'qflow experts export DIR --out ${path}', or pass another file`);
  }
  let bytes: Buffer;
  let policy: ExpertPolicy;
  try {
    bytes = readFileSync(path);
    policy = ExpertPolicy.fromJson(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    throw new Error(`expert file ${path}: ${(error as Error).message}`);
  }
  const envId = EXPERT_ENV_IDS[name];
  if (policy.envId !== envId) throw new Error(`${path} is an expert for ${policy.envId}, expected one for ${envId} (${name})`);
  if (widths && (policy.obsDim !== widths.obsDim || policy.actDim !== widths.actDim)) {
    throw new Error(`${path} maps ${policy.obsDim} inputs to ${policy.actDim} actions, expected ${widths.obsDim} → ${widths.actDim}`);
  }
  return { name, path, sha256: createHash('sha256').update(bytes).digest('hex'), policy };
}

/** Whether a file exists at the default place of expert `name`. */
export function hasDefaultExpert(name: ExpertName): boolean {
  return existsSync(defaultExpertPath(name));
}
