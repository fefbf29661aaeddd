// The local dataset store: where downloaded and generated .npz files live.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkDatasetName } from '../registry/dataset-name.js';

export const DATA_DIR_ENV = 'QFLOW_DATA_DIR';

/** `--dir` if given, else $QFLOW_DATA_DIR, else ~/.qflow/datasets. */
export function resolveDataDir(dir?: string): string {
  if (dir) return resolve(dir);
  const fromEnv = process.env[DATA_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  return join(homedir(), '.qflow', 'datasets');
}

export type Split = 'train' | 'val';

/**
 * `<dir>/<name>.npz` or `<dir>/<name>-val.npz` for a file dataset name such as `antmaze-large-navigate-v0`; a name
 * outside the registry's grammar (path syntax such as `/` or `..`) is refused before any path is built.
 */
export function datasetFile(name: string, split: Split, dir?: string): string {
  checkDatasetName(name);
  return join(resolveDataDir(dir), `${name}${split === 'val' ? '-val' : ''}.npz`);
}

/** The JSON record (url, size, sha256) kept beside a downloaded file. */
export function sidecarPath(file: string): string {
  return `${file}.json`;
}
