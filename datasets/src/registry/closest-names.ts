// "Did you mean": the valid names nearest to a misspelt one, by edit distance. Client input can be any length, so
// only its first QUOTED_NAME_CHARS characters are compared: the cost is bounded whatever the input.
import { QUOTED_NAME_CHARS } from './name-bounds.js';

/**
 * Levenshtein distance (insertions, deletions, substitutions) if it is at most `limit`, else `limit + 1`:
 * O(|a|·|b|) time at worst, and it stops as soon as every entry of a row exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = b.length;
  let previous = new Int32Array(n + 1);
  let current = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      let best = previous[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      if (previous[j]! + 1 < best) best = previous[j]! + 1;
      if (current[j - 1]! + 1 < best) best = current[j - 1]! + 1;
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return Math.min(previous[n]!, limit + 1);
}

/** The `count` valid names nearest to `name` (ties in name order), comparing only its first QUOTED_NAME_CHARS characters. */
export function closestNames(name: string, valid: readonly string[], count = 3): string[] {
  const probe = name.slice(0, QUOTED_NAME_CHARS);
  // Candidates in order of the length difference, a lower bound of the distance, so the best few are found early
  // and bound the search for the rest.
  const candidates = [...valid].sort((x, y) => Math.abs(x.length - probe.length) - Math.abs(y.length - probe.length));
  const best: { v: string; d: number }[] = [];
  for (const v of candidates) {
    const worst = best.length < count ? Infinity : best[best.length - 1]!.d;
    if (Math.abs(v.length - probe.length) > worst) break;
    const d = editDistance(probe, v, worst);
    if (d > worst) continue;
    best.push({ v, d });
    best.sort((x, y) => x.d - y.d || x.v.localeCompare(y.v));
    if (best.length > count) best.pop();
  }
  return best.map((x) => x.v);
}
