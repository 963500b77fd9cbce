import { describe, expect, it } from 'vitest';
import { ExclusiveLock } from './exclusive-lock.ts';

describe('ExclusiveLock', () => {
  it('hands the lock out one holder at a time, in order', async () => {
    const lock = new ExclusiveLock();
    const order: string[] = [];
    const work = async (name: string, delayMs: number) => {
      const release = await lock.acquire();
      order.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      order.push(`${name}:end`);
      release();
    };
    await Promise.all([work('a', 20), work('b', 1), work('c', 1)]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('lets a waiter give up through its signal without blocking the ones behind it', async () => {
    const lock = new ExclusiveLock();
    const releaseFirst = await lock.acquire();
    const controller = new AbortController();
    const abandoned = lock.acquire(controller.signal);
    const third = lock.acquire();
    controller.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    releaseFirst();
    const releaseThird = await third;
    releaseThird();
    releaseThird();
    const releaseFourth = await lock.acquire();
    releaseFourth();
  });

  it('rejects at once for an already aborted signal', async () => {
    const lock = new ExclusiveLock();
    await expect(lock.acquire(AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
    const release = await lock.acquire();
    release();
  });
});
