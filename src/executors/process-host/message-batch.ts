// Messages sent to the other end of an IPC channel in one event-loop turn leave together, as one array.
// Each IPC message wakes the process at the other end, and on this 2-core machine that wake-up cost the
// sender ~70 us a message, far more than the bytes (an attempt request is under 1 KB). Batching per turn
// adds no waiting: the batch leaves at the end of the turn that filled it.

export class MessageBatch<T> {
  readonly #send: (batch: T[]) => void;
  #queue: T[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  /** `send` is given each batch, in order; it is never given an empty one. */
  constructor(send: (batch: T[]) => void) {
    this.#send = send;
  }

  push(message: T): void {
    this.#queue.push(message);
    this.#scheduled ??= setImmediate(() => this.flush());
  }

  /** Sends what is queued now instead of at the end of the turn. */
  flush(): void {
    clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#send(batch);
  }
}
