import { describe, expect, it } from 'vitest';
import { computeRetryDelay, DEFAULT_RETRY_POLICY, isRetriedStatus } from './retry-policy.ts';

const policy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 20_000 };

describe('retry policy', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 529].every(isRetriedStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetriedStatus)).toBe(false);
  });

  it('documents its defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual(policy);
  });

  it('backs off exponentially with equal jitter, capped', () => {
    const none = new Headers();
    expect(computeRetryDelay(0, none, policy, () => 0)).toBe(250);
    expect(computeRetryDelay(0, none, policy, () => 1)).toBe(500);
    expect(computeRetryDelay(2, none, policy, () => 1)).toBe(2000);
    expect(computeRetryDelay(10, none, policy, () => 1)).toBe(20_000);
    expect(computeRetryDelay(10, none, policy, () => 0)).toBe(10_000);
  });

  it('follows Retry-After exactly, and gives up when it exceeds the cap', () => {
    expect(computeRetryDelay(0, new Headers({ 'retry-after': '3' }), policy)).toBe(3000);
    expect(computeRetryDelay(0, new Headers({ 'retry-after': '21' }), policy)).toBeUndefined();
  });
});
