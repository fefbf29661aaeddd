// Reading a JSON Lines file (metrics.jsonl, attempts.jsonl): one JSON value per non-blank line.
import { readFileSync } from 'node:fs';

export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
