// Downloads a registered dataset (training file and validation split) into the store.
import { readFile, stat } from 'node:fs/promises';
import { datasetUrls, getDataset } from '../registry/dataset-registry.js';
import { datasetFile, sidecarPath, Split } from '../store/data-dir.js';
import { downloadFile, DownloadRecord } from './download-file.js';
import { progressBar, ProgressSink, silentProgress } from './progress-bar.js';

export interface DownloadDatasetOptions {
  baseUrl?: string;
  dir?: string;
  /** Which files (default both). */
  splits?: Split[];
  /** Expected sha256 per split, when known. */
  sha256?: Partial<Record<Split, string>>;
  retries?: number;
  retryDelayMs?: number;
  /** Show a progress bar on stderr (default true). */
  progress?: boolean;
  /** Download again even if the file is already in the store. */
  force?: boolean;
}

/** The sidecar record of a file already in the store (undefined if absent or the sizes disagree). */
async function existingRecord(file: string): Promise<DownloadRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(sidecarPath(file), 'utf8')) as DownloadRecord;
    return (await stat(file)).size === record.size ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function downloadDataset(name: string, options: DownloadDatasetOptions = {}): Promise<DownloadRecord[]> {
  const spec = getDataset(name);
  const urls = datasetUrls(spec.name, options.baseUrl);
  const records: DownloadRecord[] = [];
  for (const split of options.splits ?? ['train', 'val']) {
    const file = datasetFile(spec.name, split, options.dir);
    const known = options.force ? undefined : await existingRecord(file);
    if (known && (!options.sha256?.[split] || options.sha256[split] === known.sha256)) {
      records.push(known);
      continue;
    }
    const progress: ProgressSink = options.progress === false ? silentProgress : progressBar(`${spec.name}${split === 'val' ? '-val' : ''}`);
    records.push(await downloadFile(urls[split], file, {
      expectedSha256: options.sha256?.[split], retries: options.retries, retryDelayMs: options.retryDelayMs, progress,
    }));
  }
  return records;
}
