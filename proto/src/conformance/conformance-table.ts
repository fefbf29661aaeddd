// Plain-text report of a conformance run: one row per check, failures with the broken promise, and a summary.
import type { ConformanceResult } from './conformance-check.js';

/** The table's header row. */
export const TABLE_HEADER = `${'status'.padEnd(8)} ${'check'.padEnd(26)} ${'time'.padStart(7)}`;

/** One row of the table. */
export function formatResult(result: ConformanceResult): string {
  const label = result.status === 'failed' ? 'FAILED' : result.status;
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
  const row = `${label.padEnd(8)} ${result.name.padEnd(26)} ${seconds.padStart(7)}`;
  return result.message ? `${row}  ${result.message}` : row;
}

export function summarize(results: readonly ConformanceResult[]): string {
  const count = (status: ConformanceResult['status']) => results.filter((r) => r.status === status).length;
  return `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`;
}

export function formatTable(results: readonly ConformanceResult[]): string {
  return [TABLE_HEADER, ...results.map(formatResult), summarize(results)].join('\n');
}
