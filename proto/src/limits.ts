// Bounds of the qflow/v1 protocol that every server and client can rely on (documented in proto/README.md).

/** Longest client-supplied string (env id, session id, dataset name, field name) in UTF-8 bytes. */
export const MAX_NAME_BYTES = 256;

/** How much of a client-supplied string an error message may quote (characters). */
export const QUOTED_PREFIX_CHARS = 64;

/** Default cap on a session's lease, in seconds (servers may set another; GetServerInfo says which). */
export const DEFAULT_MAX_LEASE_SECONDS = 3600;

/** Largest gRPC message a qflow server accepts and a client should be ready to receive. */
export const MAX_MESSAGE_BYTES = 64 << 20;
