// The sidecar record of a generated dataset file (`<file>.json`): size, sha256 and how it was made, so that
// the DatasetService reports its provenance and does not re-hash the file.
import { stat } from 'node:fs/promises';
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
