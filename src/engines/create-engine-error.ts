// Builds an EngineError with the retryability that belongs to its kind, so every engine agrees on which
// failures may succeed when tried again. Whether a retry actually happens is decided in run/, not here.
import type { EngineError, EngineErrorKind } from './engine.ts';

const RETRYABLE_BY_KIND: Readonly<Record<EngineErrorKind, boolean>> = {
  timeout: true,
  cancelled: false,
  rate_limited: true,
  auth: false,
  not_found: false,
  bad_output: false,
  crashed: true,
  exit_code: true,
  unsupported: false,
};

export const ENGINE_ERROR_KINDS = Object.keys(RETRYABLE_BY_KIND) as EngineErrorKind[];

export function isEngineErrorKind(value: unknown): value is EngineErrorKind {
  return typeof value === 'string' && Object.hasOwn(RETRYABLE_BY_KIND, value);
}

export function isRetryableErrorKind(kind: EngineErrorKind): boolean {
  return RETRYABLE_BY_KIND[kind];
}

export function createEngineError(kind: EngineErrorKind, message: string, raw?: unknown): EngineError {
  const error: EngineError = { kind, message, retryable: RETRYABLE_BY_KIND[kind] };
  if (raw !== undefined) error.raw = raw;
  return error;
}
