// Bounds on client-supplied strings (env ids, session ids, dataset and field names, families): checked before
// any other processing, and quoted in error messages by a short prefix only, so that no request can make the
// server search, log or echo an unbounded string.
import { MAX_NAME_BYTES, QUOTED_PREFIX_CHARS } from '@qflow/proto';
import { invalidArgument } from './rpc-error.js';

/** `value` for an error message: at most QUOTED_PREFIX_CHARS characters, ending in "…" when cut. */
export function clip(value: string): string {
  const chars = Array.from(value.slice(0, 2 * QUOTED_PREFIX_CHARS));
  return chars.length > QUOTED_PREFIX_CHARS ? `${chars.slice(0, QUOTED_PREFIX_CHARS).join('')}…` : value;
}

/** Throws INVALID_ARGUMENT when `value` (what: "env id", "session id", ...) is longer than MAX_NAME_BYTES. */
export function checkName(what: string, value: string): void {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_NAME_BYTES) {
    throw invalidArgument(`${what} "${clip(value)}" (${bytes} bytes) is longer than ${MAX_NAME_BYTES} bytes`);
  }
}

/** `message` (from code that quotes client input in full) with every occurrence of `value` clipped. */
export function clipIn(message: string, value: string): string {
  return value.length > QUOTED_PREFIX_CHARS ? message.split(value).join(clip(value)) : message;
}
