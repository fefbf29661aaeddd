// "Did you mean": the valid names nearest to a misspelt one, by edit distance. Client input can be any length, so
// the work is bounded whatever it is: over-long names get no suggestions, only a short prefix is compared, only
// names within a few edits count as close, and cheap lower bounds skip most candidates before any distance is computed.
import { nameLengthProblem, QUOTED_NAME_CHARS } from './name-bounds.js';

let scratch: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

/** Two reusable rows of at least `length` entries (allocating typed arrays per call costs more than the search). */
function rows(length: number): [Int32Array, Int32Array] {
  if (scratch[0].length < length) scratch = [new Int32Array(length), new Int32Array(length)];
  return [scratch[0], scratch[1]];
}

/**
 * Levenshtein distance (insertions, deletions, substitutions) if it is at most `limit`, else `limit + 1`. Only the
 * diagonal band of width 2·limit + 1 is computed, and it stops once a whole row exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = b.length;
  const cap = Math.min(limit, Math.max(a.length, n)); // no distance exceeds the longer length
  if (Math.abs(a.length - n) > cap) return limit + 1;
  const far = cap + 1; // every value above `cap` is as good as infinite
  let [previous, current] = rows(n + 1);
  previous.fill(far, 0, n + 1);
  for (let j = 0; j <= Math.min(n, cap); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current.fill(far, 0, n + 1);
    if (i <= cap) current[0] = i;
    let rowMin = current[0]!;
    const ai = a.charCodeAt(i - 1);
    for (let j = Math.max(1, i - cap); j <= Math.min(n, i + cap); j++) {
      let best = previous[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      if (previous[j]! + 1 < best) best = previous[j]! + 1;
      if (current[j - 1]! + 1 < best) best = current[j - 1]! + 1;
      current[j] = Math.min(best, far);
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > cap) return limit + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[n]! > cap ? limit + 1 : previous[n]!;
}

const BUCKETS = 64;

/** Character counts, folded into 64 buckets (folding only lowers the bound below). */
function charCounts(text: string): Int32Array {
  const counts = new Int32Array(BUCKETS);
  for (let i = 0; i < text.length; i++) counts[text.charCodeAt(i) % BUCKETS]!++;
  return counts;
}

/** A lower bound of the edit distance: one edit changes the character counts by at most 2 in total. */
function countBound(probeCounts: Int32Array, name: string): number {
  const diff = probeCounts.slice();
  for (let i = 0; i < name.length; i++) diff[name.charCodeAt(i) % BUCKETS]!--;
  let total = 0;
  for (let k = 0; k < BUCKETS; k++) total += Math.abs(diff[k]!);
  return Math.ceil(total / 2);
}

/**
 * Up to `count` valid names within a few edits of `name` (a third of its length, at least 2), nearest first, ties
 * in name order. Names longer than MAX_DATASET_NAME_BYTES get none; only the first QUOTED_NAME_CHARS characters count.
 */
export function closestNames(name: string, valid: readonly string[], count = 3): string[] {
  if (nameLengthProblem(name)) return [];
  const probe = name.slice(0, QUOTED_NAME_CHARS);
  const within = Math.max(2, Math.ceil(probe.length / 3));
  const probeCounts = charCounts(probe);
  const best: { v: string; d: number }[] = [];
  for (const v of valid) {
    const limit = best.length < count ? within : Math.min(within, best[best.length - 1]!.d);
    if (Math.abs(v.length - probe.length) > limit || countBound(probeCounts, v) > limit) continue;
    const d = editDistance(probe, v, limit);
    if (d > limit) continue;
    best.push({ v, d });
    best.sort((x, y) => x.d - y.d || (x.v < y.v ? -1 : x.v > y.v ? 1 : 0));
    if (best.length > count) best.pop();
  }
  return best.map((x) => x.v);
}
