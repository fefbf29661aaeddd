// "Did you mean": the valid names nearest to a misspelt one, by edit distance.

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function closestNames(name: string, valid: readonly string[], count = 3): string[] {
  return [...valid]
    .map((v) => ({ v, d: editDistance(name, v) }))
    .sort((x, y) => x.d - y.d || x.v.localeCompare(y.v))
    .slice(0, count)
    .map((x) => x.v);
}
