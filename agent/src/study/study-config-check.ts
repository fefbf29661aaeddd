// A study resumed by other code must not mix runs of different settings: every finished run's recorded settings
// (its config.json) must be the ones the study would give it now. Where the run executed (backend, resolved at
// run time) and the dataset's recorded SHA-256 are not settings the study chooses, so they are left out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_FILES } from '../online/run-report.js';
import { canonicalJson, type RunConfig } from '../online/run-config.js';
import { UsageError } from '../cli/cli-options.js';
import type { StudyCell } from './study-plan.js';

function comparable(c: RunConfig): Record<string, unknown> {
  const { backend: _backend, dataset, ...rest } = c;
  const { sha256: _sha, ...recipe } = dataset;
  return { ...rest, dataset: recipe };
}

/** The top-level fields whose values differ (order of keys and undefined fields do not count). */
export function differingFields(a: RunConfig, b: RunConfig): string[] {
  const [x, y] = [comparable(a), comparable(b)];
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  return keys.filter((k) => canonicalJson(x[k]) !== canonicalJson(y[k]));
}

/** Throws naming the first finished run whose recorded settings differ from the study's for it now. */
export function checkRecordedConfigs(cells: readonly Pick<StudyCell, 'dir' | 'config'>[]): void {
  for (const cell of cells) {
    const path = join(cell.dir, REPORT_FILES.config);
    if (!existsSync(path)) continue;
    const recorded = (JSON.parse(readFileSync(path, 'utf8')) as { run: RunConfig }).run;
    const fields = differingFields(recorded, cell.config);
    if (fields.length) {
      throw new UsageError(`${path} was run with other settings than this study gives it now (${fields.join(', ')}); ` +
        'resume it with the code and flags that started it, or start this study in a new --out folder');
    }
  }
}
