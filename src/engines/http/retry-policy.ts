// How often and how long an HTTP engine retries 429, 408 and 5xx answers within one engine call. This is
// transport-level retrying of one request (the way every provider SDK does it); whole-task retries stay
// with the kernel.
import type { HeaderReader } from './model-http-response.ts';
import { parseRetryAfter } from './parse-retry-after.ts';

export interface RetryPolicy {
  /** Retries after the first request. @default 3 */
  maxRetries: number;
  /** The first backoff; doubled on each retry, with jitter. @default 500 */
  baseDelayMs: number;
  /** No wait is longer; a Retry-After beyond it ends the call at once (reported as retryable). @default 20000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
};

export const RETRIED_STATUSES: ReadonlySet<number> = new Set([408, 429]);

export function isRetriedStatus(status: number): boolean {
  return RETRIED_STATUSES.has(status) || status >= 500;
}

/**
 * The wait before retry number `retry` (0-based), or undefined when the server's Retry-After is longer
 * than the policy allows. Without Retry-After: exponential backoff with "equal jitter" (half fixed, half
 * random), so that many parallel calls hitting a limit together do not come back together.
 */
export function computeRetryDelay(
  retry: number,
  headers: HeaderReader,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  const asked = parseRetryAfter(headers);
  if (asked !== undefined) return asked <= policy.maxDelayMs ? asked : undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return exponential / 2 + (random() * exponential) / 2;
}
