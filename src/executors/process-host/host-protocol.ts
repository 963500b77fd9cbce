// Messages between the kernel and an attempt host (a child process that carries out task attempts).
// Plain JSON over Node's IPC channel: the same AttemptRequest / AttemptOutcome as the in-process executor.
// Each IPC message is an array of these, the messages of one event-loop turn (see message-batch.ts).
import type { EngineError } from '../../engines/engine.ts';
import type { AttemptOutcome, AttemptRequest, AttemptStream } from '../../run/executor.ts';

export type KernelMessage =
  | { type: 'attempt'; id: number; request: AttemptRequest }
  | { type: 'cancel'; id: number };

export type HostMessage =
  | { type: 'output'; id: number; stream: AttemptStream; chunk: string }
  | { type: 'done'; id: number; outcome: AttemptOutcome };

/** The outcome of an attempt that never ran to its end: its host crashed or could not be reached. */
export function crashedOutcome(message: string, retryable: boolean): AttemptOutcome {
  return unfinishedOutcome({ kind: 'crashed', message, retryable });
}

/** The outcome of an attempt whose host went away after the attempt had been cancelled (Ctrl-C). */
export function cancelledOutcome(message: string): AttemptOutcome {
  return unfinishedOutcome({ kind: 'cancelled', message, retryable: false });
}

function unfinishedOutcome(error: EngineError): AttemptOutcome {
  return { durationMs: 0, engine: { ok: false, text: '', durationMs: 0, error } };
}
