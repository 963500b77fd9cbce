// Translates an error object that arrives inside a stream or a failed response (`{type|code|status,
// message}` in each provider's vocabulary) into a ModelCallFailure of the matching kind.
import type { EngineErrorKind } from '../engine.ts';
import { ModelCallFailure } from './model-call-failure.ts';
import { asObject } from './parse-json-text.ts';

// An account out of quota or credit: asking again, now or in a minute, cannot help.
const OUT_OF_QUOTA = /insufficient_quota|billing/i;

const KIND_BY_WORD: [RegExp, EngineErrorKind, boolean?][] = [
  [OUT_OF_QUOTA, 'rate_limited', false],
  [/rate_limit|resource_exhausted|too_many_requests/i, 'rate_limited'],
  [/authentication|permission|invalid_api_key|unauthenticated|permission_denied/i, 'auth'],
  [/not_found/i, 'not_found'],
  [/context_length|invalid_request|invalid_argument|invalid_prompt|request_too_large/i, 'unsupported'],
  [/overloaded|server_error|api_error|internal|unavailable|timeout/i, 'crashed'],
];

export function failureFromProviderError(engine: string, value: unknown): ModelCallFailure {
  const error = typeof value === 'string' ? { message: value } : asObject(value);
  const code = errorCodes(error);
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

// The codes of an error object, in each provider's vocabulary (`type`, `code`, `status`).
function errorCodes(error: Record<string, unknown>): string {
  return [error.type, error.code, error.status].filter((part) => typeof part === 'string').join(' ');
}

/**
 * Whether an HTTP error body says the account is out of quota or credit (OpenAI answers 429
 * `insufficient_quota`): a 429 that no retry can cure.
 */
export function bodySaysOutOfQuota(bodyText: string): boolean {
  let body: Record<string, unknown>;
  try {
    body = asObject(JSON.parse(bodyText));
  } catch {
    return false;
  }
  return OUT_OF_QUOTA.test(errorCodes(asObject(body.error))) || OUT_OF_QUOTA.test(errorCodes(body));
}
