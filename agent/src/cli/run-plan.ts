// What a command that builds an agent will run, parsed from its command line without doing any work: by the time
// a plan exists every flag has been checked, and tests can read the config it records without training.
import type { BackendRequest } from '../backend/index.js';
import type { ThreadChoice } from '../parallel/thread-count.js';

export interface RunPlan<C> {
  help: false;
  /** The backend asked for (resolved by selectBackend before the run). */
  backend: BackendRequest;
  /** The config the run records, once the backend is resolved to `backendName`. */
  config(backendName: string): C;
  /** The threads per update on `backendName`, and why (logged). */
  threads(backendName: string): ThreadChoice;
}

/** `--help` was asked for: nothing else is checked. */
export interface HelpPlan {
  help: true;
}
