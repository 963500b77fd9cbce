// The single exit code a finished process group reports, following shell conventions.
import { constants } from 'node:os';

export const TIMEOUT_EXIT_CODE = 124;
export const CANCELLED_EXIT_CODE = 130;
export const NOT_STARTED_EXIT_CODE = 127;

export interface ExitFacts {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  spawnFailed: boolean;
}

export function exitCodeFor(facts: ExitFacts): number {
  if (facts.spawnFailed) return NOT_STARTED_EXIT_CODE;
  // Like maestro-cli and timeout(1): a deadline always reads 124, whatever the child did on SIGTERM.
  if (facts.timedOut) return TIMEOUT_EXIT_CODE;
  // A child that handled SIGTERM and exited with its own code keeps it.
  if (facts.cancelled) return facts.code ?? CANCELLED_EXIT_CODE;
  if (facts.code !== null) return facts.code;
  if (facts.signal !== null) return 128 + (constants.signals[facts.signal] ?? 0);
  return 1;
}
