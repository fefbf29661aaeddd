// The sidecar record of a generated dataset file (`<file>.json`): size, sha256 and how it was made, so that
// the DatasetService reports its provenance and does not re-hash the file, and a reuse can check the expert files.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { sha256File } from '../download/download-file.js';
import { writeFileAtomic } from './atomic-file.js';
import { sidecarPath } from './data-dir.js';

export interface GeneratedProvenance {
  /** Collection policy and version, e.g. "play-oracle/1". */
  generator: string;
  seed: number | bigint;
  /** Further facts, e.g. { episodes: '1000', noise: '0.2' }. */
  extra?: Record<string, string>;
}

export interface GeneratedRecord {
  file: string;
  size: number;
  sha256: string;
  generator: string;
  seed: string;
  createdAt: string;
  extra: Record<string, string>;
}

export async function writeGeneratedSidecar(file: string, provenance: GeneratedProvenance): Promise<GeneratedRecord> {
  const record: GeneratedRecord = {
    file, size: (await stat(file)).size, sha256: await sha256File(file), generator: provenance.generator,
    seed: String(provenance.seed), createdAt: new Date().toISOString(), extra: provenance.extra ?? {},
  };
  await writeFileAtomic(sidecarPath(file), async (h) => { await h.writeFile(`${JSON.stringify(record, null, 2)}\n`); });
  return record;
}

/** The expert files a sidecar names: provenance key of the path → key of its sha256. */
const EXPERT_KEYS: Record<string, string> = { expert: 'expertSha256', ballExpert: 'ballExpertSha256' };

export interface ExpertFileCheck {
  /** Expert files whose bytes differ from those the dataset was generated with: the dataset is stale. */
  changed: string[];
  /** Expert files named by the sidecar that no longer exist at their recorded path (cannot be checked). */
  missing: string[];
}

/**
 * Compares the expert files a generated dataset was made with (its sidecar's paths and sha256) with those files now,
 * so that a dataset generated before an expert was retrained is not silently reused. No sidecar: nothing to check.
 */
export async function checkGeneratedExperts(file: string): Promise<ExpertFileCheck> {
  const result: ExpertFileCheck = { changed: [], missing: [] };
  if (!existsSync(sidecarPath(file))) return result;
  const record = JSON.parse(await readFile(sidecarPath(file), 'utf8')) as Partial<GeneratedRecord>;
  const extra = record.extra ?? {};
  for (const [pathKey, shaKey] of Object.entries(EXPERT_KEYS)) {
    const path = extra[pathKey];
    const recorded = extra[shaKey];
    if (path === undefined || recorded === undefined) continue;
    if (!existsSync(path)) { result.missing.push(path); continue; }
    const now = await sha256File(path);
    if (now !== recorded) result.changed.push(`${path} (sha256 ${recorded.slice(0, 12)}… then, ${now.slice(0, 12)}… now)`);
  }
  return result;
}
