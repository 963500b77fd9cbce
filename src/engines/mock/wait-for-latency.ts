// Simulated model latency. Ends early when the signal aborts, and at the deadline when the latency would
// run past the call's timeout, exactly as a real call would be cut off.
export type LatencyEnd = 'elapsed' | 'timeout' | 'cancelled';

export interface WaitForLatencyOptions {
  latencyMs: number;
  timeoutMs?: number;
  signal: AbortSignal;
}

export function waitForLatency({ latencyMs, timeoutMs, signal }: WaitForLatencyOptions): Promise<LatencyEnd> {
  if (signal.aborted) return Promise.resolve('cancelled');
  if (latencyMs <= 0) return Promise.resolve('elapsed');
  const hitsDeadline = timeoutMs !== undefined && latencyMs >= timeoutMs;
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve('cancelled');
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(hitsDeadline ? 'timeout' : 'elapsed');
      },
      hitsDeadline ? timeoutMs : latencyMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
