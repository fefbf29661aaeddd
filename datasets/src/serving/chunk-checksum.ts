// The checksum of a streamed chunk: lower-case hex SHA-256 over its fields' bytes, concatenated in field order.
import { createHash } from 'node:crypto';

export function chunkSha256(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest('hex');
}
