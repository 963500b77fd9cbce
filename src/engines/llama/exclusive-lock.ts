// A first-come, first-served lock: one holder at a time. A context holds one sequence, so calls that
// share a loaded model take turns. Waiting can be given up through an AbortSignal.

export class ExclusiveLock {
  // The promise the next caller waits for: it settles when the current last holder releases.
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once the lock is held; rejects with the signal's reason if aborted first. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    const previous = this.#tail;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#tail = previous.then(() => held);
    try {
      await waitUnlessAborted(previous, signal);
    } catch (error) {
      // Keep the queue intact: this turn passes as soon as it comes.
      void previous.then(release);
      throw error;
    }
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      release();
    };
  }
}

export function waitUnlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
