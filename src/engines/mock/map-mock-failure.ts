// A scripted `fail` as an EngineError: the kind must be one the kernel knows (anything else is reported
// as `crashed`, with the plan's value kept in `raw`), the exit code defaults to 1.

import type { MockFailure } from '../../plan/types.ts';
import { createEngineError, isEngineErrorKind } from '../create-engine-error.ts';
import type { EngineError } from '../engine.ts';

export function mapMockFailure(
  failure: MockFailure,
  attempt: number,
): { error: EngineError; exitCode: number } {
  const kind = isEngineErrorKind(failure.kind) ? failure.kind : 'crashed';
  const message = failure.message ?? `Scripted mock failure (${kind}) on attempt ${attempt}`;
  const raw = failure.kind !== undefined && failure.kind !== kind ? { kind: failure.kind } : undefined;
  return { error: createEngineError(kind, message, raw), exitCode: failure.exit_code ?? 1 };
}
