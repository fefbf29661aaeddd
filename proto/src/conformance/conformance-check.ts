// What a conformance check is and what it reports. A check exercises one promise of the qflow.v1 protocol and
// throws when the server breaks it (the runner turns the error into a failed result naming the promise).
import type { CheckContext } from './check-context.js';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** One check's outcome. On failure `message` names the broken promise and what the server did instead. */
export interface ConformanceResult {
  name: string;
  promise: string;
  status: CheckStatus;
  message: string;
  durationMs: number;
}

/** What a check needs beyond a reachable server. */
export type CheckRequirement =
  /** Fills the server's session table or memory: run only when the caller opts in (the server may be shared). */
  | 'destructive'
  /** Stops the server: run only when the caller provides a shutdown hook, and last. */
  | 'shutdown';

export interface ConformanceCheck {
  /** Short unique name, e.g. "step/nan-action". */
  name: string;
  /** The promise checked, in the protocol's words. */
  promise: string;
  requires?: CheckRequirement;
  run(context: CheckContext): Promise<void>;
}

/** Thrown by a check that cannot run against this server (e.g. no dataset available); reported as skipped. */
export class SkipCheck extends Error {
  override name = 'SkipCheck';
}
