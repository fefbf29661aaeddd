// Bounds on dataset names that reach us from clients (CLI arguments, gRPC requests): checked before a name is
// parsed, searched for suggestions or turned into a path, and at most a short prefix is quoted back in errors.

/** Longest accepted dataset name in UTF-8 bytes; the same bound as the qflow/v1 protocol's limit on names. */
export const MAX_DATASET_NAME_BYTES = 256;

/** How many characters of a client-supplied name an error message quotes. */
export const QUOTED_NAME_CHARS = 64;

/** UTF-8 length of `name`, without encoding a string that is obviously too long (each character is ≥ 1 byte). */
function exceedsNameBytes(name: string): boolean {
  return name.length > MAX_DATASET_NAME_BYTES || Buffer.byteLength(name, 'utf8') > MAX_DATASET_NAME_BYTES;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `'name'`, or its first QUOTED_NAME_CHARS characters and its length when longer. */
export function quoteName(name: string): string {
  if (name.length <= QUOTED_NAME_CHARS) return `'${name}'`;
  const end = isHighSurrogate(name.charCodeAt(QUOTED_NAME_CHARS - 1)) ? QUOTED_NAME_CHARS - 1 : QUOTED_NAME_CHARS;
  return `'${name.slice(0, end)}…' (${name.length} characters)`;
}

/** Why `name` is too long to consider, or undefined if it is within MAX_DATASET_NAME_BYTES. */
export function nameLengthProblem(name: string): string | undefined {
  if (!exceedsNameBytes(name)) return undefined;
  return `dataset name ${quoteName(name)} is longer than ${MAX_DATASET_NAME_BYTES} bytes`;
}
