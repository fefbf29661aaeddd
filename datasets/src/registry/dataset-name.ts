// Parsing OGBench dataset names (docs/datasets.md#dataset-names): `<env>-<type>[-singletask[-taskK]|-oraclerep]-v0`.
import { nameLengthProblem, quoteName } from './name-bounds.js';

export type Family = 'antmaze' | 'humanoidmaze' | 'antsoccer' | 'cube' | 'puzzle';
export const FAMILIES: readonly Family[] = ['antmaze', 'humanoidmaze', 'antsoccer', 'cube', 'puzzle'];

export interface ParsedDatasetName {
  /** The file's dataset name, e.g. `antmaze-large-navigate-v0` (no singletask/oraclerep suffix). */
  dataset: string;
  /** The environment prefix, e.g. `antmaze-large` or `visual-cube-double`. */
  env: string;
  /** The Gymnasium environment id, e.g. `antmaze-large-singletask-task3-v0`. */
  envId: string;
  family: Family;
  /** navigate, stitch, explore, play, noisy. */
  type: string;
  visual: boolean;
  /** Present for single-task names; taskId undefined means the env's default task. */
  singleTask?: { taskId?: number };
  oracleRep: boolean;
}

export class DatasetNameError extends Error {}

/** Every registry name: lowercase words of letters and digits joined by single hyphens. */
const NAME_GRAMMAR = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Throws a DatasetNameError unless `name` is at most MAX_DATASET_NAME_BYTES long and made of the registry's
 * characters, so that it can be searched and used as a file name in the store (no slash, backslash, `..` or other
 * path syntax).
 */
export function checkDatasetName(name: string): void {
  const tooLong = nameLengthProblem(name);
  if (tooLong) throw new DatasetNameError(tooLong);
  if (!NAME_GRAMMAR.test(name)) {
    throw new DatasetNameError(`dataset name ${quoteName(name)} may contain only lowercase letters, digits and single ` +
      `hyphens between them (e.g. antmaze-large-navigate-v0)`);
  }
}

export function parseDatasetName(name: string): ParsedDatasetName {
  checkDatasetName(name);
  const m = /^(.+)-v0$/.exec(name);
  if (!m) throw new DatasetNameError(`dataset name ${quoteName(name)} must end in -v0 (e.g. antmaze-large-navigate-v0)`);
  const parts = m[1]!.split('-');
  let singleTask: ParsedDatasetName['singleTask'];
  let oracleRep = false;
  const task = /^task([1-5])$/.exec(parts[parts.length - 1] ?? '');
  if (task && parts[parts.length - 2] === 'singletask') {
    singleTask = { taskId: Number(task[1]) };
    parts.splice(-2);
  } else if (parts[parts.length - 1] === 'singletask') {
    singleTask = {};
    parts.pop();
  } else if (parts[parts.length - 1] === 'oraclerep') {
    oracleRep = true;
    parts.pop();
  }
  const visual = parts[0] === 'visual';
  const body = visual ? parts.slice(1) : parts;
  const family = FAMILIES.find((f) => f === body[0]);
  if (!family || body.length < 3) {
    throw new DatasetNameError(`dataset name ${quoteName(name)} is not <env>-<type>-v0 for a known family (${FAMILIES.join(', ')})`);
  }
  const type = body[body.length - 1]!;
  const env = parts.slice(0, -1).join('-');
  const envId = singleTask
    ? `${env}-singletask${singleTask.taskId ? `-task${singleTask.taskId}` : ''}-v0`
    : `${env}-v0`;
  return { dataset: `${env}-${type}-v0`, env, envId, family, type, visual, singleTask, oracleRep };
}
