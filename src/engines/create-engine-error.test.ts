import { describe, expect, it } from 'vitest';
import { createEngineError, ENGINE_ERROR_KINDS, isEngineErrorKind } from './create-engine-error.ts';

describe('createEngineError', () => {
  it('sets retryable from the kind', () => {
    const retryable = ENGINE_ERROR_KINDS.filter((kind) => createEngineError(kind, 'x').retryable).sort();
    expect(retryable).toEqual(['crashed', 'exit_code', 'rate_limited', 'timeout']);
  });

  it('keeps raw only when given', () => {
    expect(createEngineError('auth', 'denied')).toEqual({
      kind: 'auth',
      message: 'denied',
      retryable: false,
    });
    expect(createEngineError('auth', 'denied', { status: 401 }).raw).toEqual({ status: 401 });
  });

  it('recognises kinds', () => {
    expect(isEngineErrorKind('rate_limited')).toBe(true);
    expect(isEngineErrorKind('rate-limit')).toBe(false);
    expect(isEngineErrorKind('toString')).toBe(false);
  });
});
