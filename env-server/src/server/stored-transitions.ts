// The number of transitions a store file serves, read from its `terminals` member alone (the rows whose
// terminal flag is 0: each is followed by its next observation in the same episode), as GetDatasetInfo counts
// them after loading. Cached per file while its size and modification time stay the same. An unreadable file
// serves nothing: 0 (GetDatasetInfo and ReadDataset say what is wrong with it).
import { stat } from 'node:fs/promises';
import { NpzReader } from '@qflow/datasets';

const cache = new Map<string, { key: string; transitions: number }>();

export async function storedTransitions(file: string): Promise<number> {
  try {
    return await countTransitions(file);
  } catch {
    return 0;
  }
}

async function countTransitions(file: string): Promise<number> {
  const info = await stat(file);
  const key = `${info.size}:${info.mtimeMs}`;
  const cached = cache.get(file);
  if (cached?.key === key) return cached.transitions;
  const reader = await NpzReader.open(file);
  let transitions = 0;
  try {
    const flags = (await reader.read('terminals')).data as ArrayLike<number | bigint>;
    for (let i = 0; i < flags.length; i++) if (Number(flags[i]) === 0) transitions++;
  } finally {
    await reader.close();
  }
  cache.set(file, { key, transitions });
  return transitions;
}
