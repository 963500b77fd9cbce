// The end of everything an HTTP engine call does (requests, stream reads, backoff waits), fired by the
// caller's signal, the call's timeout or a stall (no bytes for `stallTimeoutMs`). Whatever is open
// registers with onAbort (the transport destroys its socket there, so the server sees the connection
// close). The reason is kept to report the right error kind. One timer serves both clocks: activity only
// records a time, and the timer, when it fires, re-arms itself for whichever limit is next (cheap enough
// to call on every chunk). Plain listeners rather than an AbortSignal: creating signals and wiring them
// into requests costs more per call than the rest of the engine layer.
import { ModelCallFailure } from './model-call-failure.ts';

export type DeadlineReason = 'cancelled' | 'timeout' | 'stalled' | 'released';

export interface CallDeadlineOptions {
  engine: string;
  signal: AbortSignal;
  timeoutMs?: number;
  stallTimeoutMs: number;
}

export class CallDeadline {
  readonly #abortListeners = new Set<() => void>();
  readonly #options: CallDeadlineOptions;
  readonly #timeoutAt: number;
  #reason: DeadlineReason | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  // When bytes last arrived (or a request went out); undefined while the stall clock is paused.
  #lastActivityAt: number | undefined;
  readonly #onCallerAbort = () => this.#abort('cancelled');
  readonly #onTimer = () => this.#check();

  constructor(options: CallDeadlineOptions) {
    this.#options = options;
    const now = performance.now();
    this.#timeoutAt = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : now + options.timeoutMs;
    if (options.signal.aborted) {
      this.#abort('cancelled');
      return;
    }
    options.signal.addEventListener('abort', this.#onCallerAbort, { once: true });
    this.#arm(this.#timeoutAt, now);
  }

  /** Calls `listener` when the call ends early (at once if it already has); returns the unsubscribe. */
  onAbort(listener: () => void): () => void {
    if (this.#reason) {
      queueMicrotask(listener);
      return () => undefined;
    }
    this.#abortListeners.add(listener);
    return () => {
      this.#abortListeners.delete(listener);
    };
  }

  /** Milliseconds left before the call's timeout (Infinity without one). */
  remainingMs(): number {
    return this.#timeoutAt - performance.now();
  }

  /** Starts or restarts the stall clock: call when a request goes out and whenever bytes arrive. */
  touch(): void {
    if (this.#reason) return;
    const now = performance.now();
    this.#lastActivityAt = now;
    this.#arm(Math.min(this.#timeoutAt, now + this.#options.stallTimeoutMs), now);
  }

  /** Stops the stall clock while the engine itself is waiting (a backoff). */
  pauseStallClock(): void {
    this.#lastActivityAt = undefined;
  }

  /** Waits at least `ms`, or throws the deadline's failure as soon as the call is aborted. */
  sleep(ms: number): Promise<void> {
    if (this.#reason) return Promise.reject(this.failure());
    const wakeAt = performance.now() + ms;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const unsubscribe = this.onAbort(() => {
        clearTimeout(timer);
        reject(this.failure());
      });
      // Timers may fire a fraction of a millisecond early; a server's Retry-After is a lower bound.
      const wake = () => {
        const remaining = wakeAt - performance.now();
        if (remaining > 0) {
          timer = setTimeout(wake, Math.ceil(remaining));
          return;
        }
        unsubscribe();
        resolve();
      };
      timer = setTimeout(wake, ms);
    });
  }

  /** The failure that matches the abort reason; undefined when the call was not aborted. */
  failure(): ModelCallFailure | undefined {
    const { engine, timeoutMs, stallTimeoutMs } = this.#options;
    switch (this.#reason) {
      case 'cancelled':
        return new ModelCallFailure({ kind: 'cancelled', message: `${engine} call was cancelled` });
      case 'timeout':
        return new ModelCallFailure({
          kind: 'timeout',
          message: `${engine} call timed out after ${timeoutMs} ms`,
        });
      case 'stalled':
        return new ModelCallFailure({
          kind: 'timeout',
          message: `${engine} sent nothing for ${stallTimeoutMs} ms (stalled stream)`,
        });
      default:
        return undefined;
    }
  }

  /** Ends the call: clears the timer and, after a failure, aborts whatever is still open. */
  dispose(abortOpenRequest: boolean): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#options.signal.removeEventListener('abort', this.#onCallerAbort);
    if (abortOpenRequest && !this.#reason) this.#abort('released');
    else this.#abortListeners.clear();
  }

  #check(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    if (now >= this.#timeoutAt) {
      this.#abort('timeout');
      return;
    }
    const stallAt =
      this.#lastActivityAt === undefined
        ? Number.POSITIVE_INFINITY
        : this.#lastActivityAt + this.#options.stallTimeoutMs;
    if (now >= stallAt) {
      this.#abort('stalled');
      return;
    }
    this.#arm(Math.min(this.#timeoutAt, stallAt), now);
  }

  #arm(at: number, now: number): void {
    if (at === Number.POSITIVE_INFINITY || this.#reason) return;
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(this.#onTimer, Math.max(0, Math.ceil(at - now)));
  }

  #abort(reason: DeadlineReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#options.signal.removeEventListener('abort', this.#onCallerAbort);
    const listeners = [...this.#abortListeners];
    this.#abortListeners.clear();
    for (const listener of listeners) listener();
  }
}
