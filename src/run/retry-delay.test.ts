import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryDelaySeconds, sleepUnlessAborted } from './retry-delay.ts';

const day = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function track(promise: Promise<void>): { woke: () => boolean } {
  let woke = false;
  void promise.then(() => {
    woke = true;
  });
  return { woke: () => woke };
}

describe('sleepUnlessAborted', () => {
  it('waits the whole of a delay longer than one timer can hold (2^31 - 1 ms)', async () => {
    const sleep = track(sleepUnlessAborted(30 * day, []));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sleep.woke()).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * day - 1001);
    expect(sleep.woke()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sleep.woke()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits an exponential backoff that grew past the limit', async () => {
    // 2_000_000 s doubled twice: about 93 days.
    const seconds = retryDelaySeconds(2_000_000, 'exponential', 2);
    expect(seconds).toBe(8_000_000);
    const sleep = track(sleepUnlessAborted(seconds * 1000, []));
    await vi.advanceTimersByTimeAsync(seconds * 1000 - 1);
    expect(sleep.woke()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sleep.woke()).toBe(true);
  });

  it('wakes on any of its signals, in a later step too, and leaves no timer behind', async () => {
    const interrupt = new AbortController();
    const stopping = new AbortController();
    const sleep = track(sleepUnlessAborted(60 * day, [interrupt.signal, stopping.signal]));
    await vi.advanceTimersByTimeAsync(40 * day);
    expect(sleep.woke()).toBe(false);
    stopping.abort('fail_fast');
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.woke()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('returns at once for no delay or an aborted signal', async () => {
    const aborted = AbortSignal.abort();
    const sleeps = [sleepUnlessAborted(0, []), sleepUnlessAborted(5000, [aborted])].map(track);
    await vi.advanceTimersByTimeAsync(0);
    expect(sleeps.map((sleep) => sleep.woke())).toEqual([true, true]);
  });

  it('waits a short delay with one timer', async () => {
    const sleep = track(sleepUnlessAborted(1500, []));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1499);
    expect(sleep.woke()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sleep.woke()).toBe(true);
  });
});
