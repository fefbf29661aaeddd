// The hook through which viewers see steps without slowing them: before a step the service asks which env's
// poses (if any) to capture, after it hands over the result. The live viewer implements it (viewer/pose-taps.ts).
import type { SessionStepResult } from '../workers/worker-protocol.js';
import type { Session } from './session.js';

export interface StepWatch {
  /** Env index of `session` whose poses its next step should copy (at most one env, only while watched). */
  captureEnv(session: Session): number | undefined;
  /** Called after every step of `session` (after its episode counters are updated). */
  stepped(session: Session, result: SessionStepResult): void;
}
