// The one error type thrown inside an HTTP engine call. It never leaves the engine: runModelCall turns it
// into the outcome's EngineError (errors are data at the Engine boundary).
import { createEngineError } from '../create-engine-error.ts';
import type { EngineError, EngineErrorKind } from '../engine.ts';

export interface ModelCallFailureInput {
  kind: EngineErrorKind;
  message: string;
  /** Overrides the kind's usual retryability (a cut stream is transient although bad_output is not). */
  retryable?: boolean;
  /** HTTP status, provider error body, retry count, ... kept for the log. */
  raw?: unknown;
}

export class ModelCallFailure extends Error {
  readonly error: EngineError;

  constructor(input: ModelCallFailureInput) {
    super(input.message);
    this.name = 'ModelCallFailure';
    this.error = createEngineError(input.kind, input.message, input.raw);
    if (input.retryable !== undefined) this.error.retryable = input.retryable;
  }
}

/** A reply that broke off or could not be parsed: the transport failed, so trying again may work. */
export function badOutput(message: string, raw?: unknown): ModelCallFailure {
  return new ModelCallFailure({ kind: 'bad_output', message, retryable: true, raw });
}
