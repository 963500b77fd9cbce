// Sends one model request and returns the first successful response. 429, 408 and 5xx answers are retried
// with the RetryPolicy's backoff (honouring Retry-After) as long as the call's deadline allows; every other
// status, and the last retryable one, becomes a ModelCallFailure. Each retry is announced through onRetry.
import type { CallDeadline } from './call-deadline.ts';
import { failureForStatus } from './map-http-status.ts';
import { ModelCallFailure } from './model-call-failure.ts';
import type { ModelHttpRequest } from './model-http-request.ts';
import type { ModelHttpResponse } from './model-http-response.ts';
import { parseRetryAfter } from './parse-retry-after.ts';
import { computeRetryDelay, isRetriedStatus, type RetryPolicy } from './retry-policy.ts';
import { sendHttpRequest } from './send-http-request.ts';

export interface RetryNotice {
  status: number;
  delayMs: number;
  /** 1-based number of the retry about to happen. */
  retry: number;
  maxRetries: number;
}

export interface SendModelRequestInput {
  engine: string;
  request: ModelHttpRequest;
  deadline: CallDeadline;
  retry: RetryPolicy;
  onRetry: (notice: RetryNotice) => void;
}

export async function sendModelRequest(input: SendModelRequestInput): Promise<ModelHttpResponse> {
  const { engine, request, deadline, retry } = input;
  const body = JSON.stringify(request.body);
  for (let attempt = 0; ; attempt += 1) {
    deadline.touch();
    let response: ModelHttpResponse;
    try {
      response = await sendHttpRequest({
        url: request.url,
        headers: request.headers,
        body,
        onAbort: (listener) => deadline.onAbort(listener),
      });
    } catch (error) {
      throw deadline.failure() ?? connectionFailure(engine, request.url, error);
    }
    if (response.ok) return response;

    let bodyText = '';
    try {
      bodyText = await response.text();
    } catch {
      const aborted = deadline.failure();
      if (aborted) throw aborted;
    }
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers);
    const failure = failureForStatus({ engine, status, bodyText, requests: attempt + 1, retryAfterMs });
    if (!isRetriedStatus(status) || !failure.error.retryable || attempt >= retry.maxRetries) throw failure;
    const delayMs = computeRetryDelay(attempt, response.headers, retry);
    if (delayMs === undefined || delayMs >= deadline.remainingMs()) throw failure;
    input.onRetry({ status, delayMs, retry: attempt + 1, maxRetries: retry.maxRetries });
    deadline.pauseStallClock();
    await deadline.sleep(delayMs);
  }
}

// A request that got no answer: the error's code names the network problem (ECONNREFUSED, ENOTFOUND, ...).
function connectionFailure(engine: string, url: string, error: unknown): ModelCallFailure {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  const origin = safeOrigin(url);
  return new ModelCallFailure({
    kind: 'crashed',
    message: `cannot reach ${engine} at ${origin}: ${reason}`,
    raw: { url: origin, cause: reason },
  });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
