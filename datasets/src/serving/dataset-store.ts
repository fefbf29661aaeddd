// The datasets a server can stream: registry names (and their `-val` splits) plus any other .npz in the store.
// Loaded datasets are cached (a few at a time, per layout view) so that concurrent and resumed reads do not reload
// the file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDataset, LoadedDataset } from '../loader/load-dataset.js';
import { relabel } from '../loader/relabel.js';
import { DATASETS } from '../registry/dataset-registry.js';
import { parseDatasetName } from '../registry/dataset-name.js';
import { closestNames } from '../registry/closest-names.js';
import { nameLengthProblem, quoteName } from '../registry/name-bounds.js';
import { resolveDataDir, sidecarPath } from './../store/data-dir.js';
import { sha256File } from '../download/download-file.js';
import { singleTaskGoal, DEFAULT_TASK } from '../tasks/single-task-goal.js';
import { NdArray } from '../npy/ndarray.js';
import { DatasetView, episodeCount, Provenance, ServedDataset, servedFields } from './served-dataset.js';

export interface StoreEntry {
  name: string;
  family: string;
  envId: string;
  file: string;
  available: boolean;
  /** Transitions after loading, when known without reading the file (registered datasets). */
  numTransitions?: number;
}

/** Unknown name or absent file (not-found), bad request (invalid-argument), unreadable file (data-loss). */
export class StoreError extends Error {
  constructor(readonly kind: 'not-found' | 'invalid-argument' | 'data-loss', message: string) {
    super(message);
  }
}

interface Base {
  loaded: LoadedDataset;
  sizeBytes: number;
  sha256: string;
  provenance: Provenance;
}

const CACHED_FILES = 2;

function describe(name: string): { family: string; envId: string; env?: string } {
  try {
    const parsed = parseDatasetName(name.replace(/-val$/, ''));
    return { family: parsed.family, envId: `${parsed.env}-v0`, env: parsed.env };
  } catch {
    return { family: '', envId: '' };
  }
}

async function readSidecar(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(sidecarPath(file), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export class DatasetStore {
  readonly dir: string;
  private readonly bases = new Map<string, Promise<Base>>();

  constructor(dir?: string) {
    this.dir = resolveDataDir(dir);
  }

  /** Every servable name: the registry's train and val splits, and unregistered .npz files of the store. */
  async list(family?: string): Promise<StoreEntry[]> {
    let files: string[] = [];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.npz'));
    } catch { /* no store yet */ }
    const present = new Set(files.map((f) => f.replace(/\.npz$/, '')));
    const entries = new Map<string, StoreEntry>();
    for (const spec of DATASETS) {
      for (const [name, transitions] of [[spec.name, spec.transitions], [`${spec.name}-val`, spec.valEpisodes * (spec.storedLength - 1)]] as const) {
        entries.set(name, { name, family: spec.family, envId: `${spec.env}-v0`, file: join(this.dir, `${name}.npz`), available: present.has(name), numTransitions: transitions });
      }
    }
    for (const name of present) {
      if (!entries.has(name)) entries.set(name, { name, ...describe(name), file: join(this.dir, `${name}.npz`), available: true });
    }
    return [...entries.values()].filter((e) => !family || e.family === family).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The store entry of a name, or a StoreError naming the closest valid names (over-long names: invalid-argument). */
  async entry(name: string): Promise<StoreEntry> {
    const tooLong = nameLengthProblem(name);
    if (tooLong) throw new StoreError('invalid-argument', tooLong);
    const all = await this.list();
    const found = all.find((e) => e.name === name);
    if (!found) {
      const close = closestNames(name, all.map((e) => e.name));
      throw new StoreError('not-found', `unknown dataset ${quoteName(name)}; ` +
        (close.length ? `closest: ${close.join(', ')}` : 'no dataset of this store has a close name'));
    }
    if (!found.available) {
      throw new StoreError('not-found', `dataset '${name}' is not available on this server (no ${found.file}); download it with 'qflow datasets download ${name.replace(/-val$/, '')}'`);
    }
    return found;
  }

  /** The loaded file in one view, cached per (name, view): a resumed read finds the rows of its first call. */
  private async base(entry: StoreEntry, view: Required<DatasetView>): Promise<Base> {
    const key = `${entry.name}\0${view.compact ? 'compact' : 'regular'}${view.addInfo ? '+info' : ''}`;
    let pending = this.bases.get(key);
    if (!pending) {
      pending = this.loadBase(entry, view);
      this.bases.set(key, pending);
      pending.catch(() => this.bases.delete(key));
      while (this.bases.size > CACHED_FILES) this.bases.delete(this.bases.keys().next().value!);
    }
    return pending;
  }

  private async loadBase(entry: StoreEntry, view: Required<DatasetView>): Promise<Base> {
    const { env } = describe(entry.name);
    const relabelable = env !== undefined && DEFAULT_TASK[env.replace(/^visual-/, '')] !== undefined;
    let loaded: LoadedDataset;
    try {
      loaded = await loadDataset(entry.file, { compact: view.compact, addInfo: view.addInfo || relabelable });
    } catch (err) {
      const message = (err as Error).message;
      throw new StoreError('data-loss', message.includes(entry.file) ? message : `${entry.file}: ${message}`);
    }
    if (!view.addInfo) loaded.qvel = undefined; // not needed for relabelling
    const [info, sidecar] = await Promise.all([stat(entry.file), readSidecar(entry.file)]);
    const recorded = sidecar && sidecar.size === info.size && typeof sidecar.sha256 === 'string' ? sidecar.sha256 : undefined;
    const sha256 = recorded ?? await sha256File(entry.file);
    let provenance: Provenance = { source: 'local-file' };
    if (sidecar && typeof sidecar.url === 'string') {
      provenance = { source: 'ogbench-download', url: sidecar.url, createdAt: sidecar.downloadedAt as string | undefined };
    } else if (sidecar && typeof sidecar.generator === 'string') {
      provenance = {
        source: 'generated', generator: sidecar.generator, seed: String(sidecar.seed ?? 0),
        createdAt: sidecar.createdAt as string | undefined, extra: sidecar.extra as Record<string, string> | undefined,
      };
    }
    return { loaded, sizeBytes: info.size, sha256, provenance };
  }

  /**
   * The streamable dataset; taskId 1..5 adds that task's rewards and masks, 0 the raw dataset. The view picks
   * OGBench's layout (regular by default, or compact) and whether the info fields (qpos, qvel, button_states) are
   * served.
   */
  async open(name: string, taskId = 0, view: DatasetView = {}): Promise<ServedDataset> {
    if (!Number.isInteger(taskId) || taskId < 0 || taskId > 5) {
      throw new StoreError('invalid-argument', `task_id must be 0 (raw dataset) or 1..5, got ${taskId}`);
    }
    const entry = await this.entry(name);
    const { env } = describe(name);
    if (taskId > 0 && (env === undefined || DEFAULT_TASK[env.replace(/^visual-/, '')] === undefined)) {
      throw new StoreError('invalid-argument', `dataset '${name}' has no single-task variants (unknown environment), so task_id must be 0`);
    }
    const resolved = { compact: view.compact ?? false, addInfo: view.addInfo ?? false };
    const base = await this.base(entry, resolved);
    const d = base.loaded;
    let task: { rewards?: NdArray<'float32'>; masks?: NdArray<'float32'> } = {};
    if (taskId > 0) {
      const { rewards, masks } = relabel(singleTaskGoal(env!, taskId), d.qpos, d.buttonStates);
      task = { rewards: { dtype: 'float32', shape: [d.size], data: rewards }, masks: { dtype: 'float32', shape: [d.size], data: masks } };
    }
    const info = resolved.addInfo ? {} : { qpos: undefined, qvel: undefined, buttonStates: undefined };
    return {
      name, file: entry.file, envId: entry.envId, view: resolved, numTransitions: d.size, numEpisodes: episodeCount(d),
      fields: servedFields({ ...d, rewards: undefined, masks: undefined, ...task, ...info }),
      sizeBytes: base.sizeBytes, sha256: base.sha256, provenance: base.provenance,
    };
  }
}
