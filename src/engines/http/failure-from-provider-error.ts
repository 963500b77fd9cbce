// Translates an error object that arrives inside a stream or a failed response (`{type|code|status,
// message}` in each provider's vocabulary) into a ModelCallFailure of the matching kind.
import type { EngineErrorKind } from '../engine.ts';
import { ModelCallFailure } from './model-call-failure.ts';
import { asObject } from './parse-json-text.ts';

const KIND_BY_WORD: [RegExp, EngineErrorKind, boolean?][] = [
  [/insufficient_quota|billing/i, 'rate_limited', false],
  [/rate_limit|resource_exhausted|too_many_requests/i, 'rate_limited'],
  [/authentication|permission|invalid_api_key|unauthenticated|permission_denied/i, 'auth'],
  [/not_found/i, 'not_found'],
  [/context_length|invalid_request|invalid_argument|invalid_prompt|request_too_large/i, 'unsupported'],
  [/overloaded|server_error|api_error|internal|unavailable|timeout/i, 'crashed'],
];

export function failureFromProviderError(engine: string, value: unknown): ModelCallFailure {
  const error = typeof value === 'string' ? { message: value } : asObject(value);
  const code = [error.type, error.code, error.status].filter((part) => typeof part === 'string').join(' ');
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(value);
  const match = KIND_BY_WORD.find(([pattern]) => pattern.test(code));
  const kind = match?.[1] ?? 'crashed';
  return new ModelCallFailure({
    kind,
    message: `${engine} reported an error${code ? ` (${code})` : ''}: ${message}`,
    retryable: match?.[2],
    raw: value,
  });
}
