import type { RetryStrategy } from '../plan/types.ts';

/**
 * Seconds to wait before retry number `retryIndex` (0 for the first retry). A list is indexed by retry
 * (its last value repeats); a number is a base that the strategy scales.
 */
export function retryDelaySeconds(
  delay: number | number[] | undefined,
  strategy: RetryStrategy | undefined,
  retryIndex: number,
): number {
  if (delay === undefined) return 0;
  if (Array.isArray(delay)) {
    if (delay.length === 0) return 0;
    return delay[Math.min(retryIndex, delay.length - 1)] ?? 0;
  }
  switch (strategy ?? 'constant') {
    case 'linear':
      return delay * (retryIndex + 1);
    case 'exponential':
      return delay * 2 ** retryIndex;
    default:
      return delay;
  }
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
