import type { RetryStrategy } from '../plan/types.ts';
import { MAX_TIMER_MS } from '../process/run-process-group-options.ts';

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

/**
 * Resolves after `ms`, or early (without rejecting) when one of `signals` aborts. A delay above what one
 * timer can hold (2^31 - 1 ms, about 24.8 days; Node fires a longer one after 1 ms) is waited in steps.
 */
export function sleepUnlessAborted(ms: number, signals: readonly AbortSignal[]): Promise<void> {
  if (!(ms > 0) || signals.some((signal) => signal.aborted)) return Promise.resolve();
  return new Promise((resolve) => {
    let remaining = ms;
    let timer: ReturnType<typeof setTimeout>;
    const step = () => {
      const wait = Math.min(remaining, MAX_TIMER_MS);
      remaining -= wait;
      timer = setTimeout(remaining > 0 ? step : done, wait);
    };
    function done() {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener('abort', done);
      resolve();
    }
    for (const signal of signals) signal.addEventListener('abort', done, { once: true });
    step();
  });
}
