// Translates an HTTP error status into a ModelCallFailure: 401/403 auth, 404 not_found, 408 timeout,
// 429 rate_limited, 5xx crashed (all three retryable, but not a 429 whose body says the quota or the
// credit is exhausted), any other 4xx unsupported (the provider refused this request as it is).
import type { EngineErrorKind } from '../engine.ts';
import { bodySaysOutOfQuota } from './failure-from-provider-error.ts';
import { ModelCallFailure } from './model-call-failure.ts';
import { readErrorMessage } from './read-error-message.ts';

export interface HttpStatusFailureInput {
  engine: string;
  status: number;
  bodyText: string;
  /** Requests made for this call so far, the failed one included. */
  requests: number;
  retryAfterMs?: number;
}

export function kindForStatus(status: number): EngineErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'crashed';
  return 'unsupported';
}

export function failureForStatus(input: HttpStatusFailureInput): ModelCallFailure {
  const { engine, status, bodyText, requests } = input;
  const kind = kindForStatus(status);
  const detail = readErrorMessage(bodyText);
  const tries = requests > 1 ? ` after ${requests} requests` : '';
  const message = `${engine} answered HTTP ${status}${tries}${detail ? `: ${detail}` : ''}`;
  const raw: Record<string, unknown> = { status, requests, body: bodyText.slice(0, 2000) };
  if (input.retryAfterMs !== undefined) raw.retryAfterMs = input.retryAfterMs;
  // A 429 for an exhausted quota or unpaid bill is final, for this request and for a retry of the task.
  const retryable = status === 429 && bodySaysOutOfQuota(bodyText) ? false : undefined;
  return new ModelCallFailure({ kind, message, raw, retryable });
}
