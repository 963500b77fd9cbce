// File jobs run on a worker thread: the run's artifact files and the cache's entries. Creating thousands of
// small files costs ~0.3 ms of system time each on this machine's disk; on a worker that time overlaps
// with dispatching. Jobs travel in batches (one message per batch: each message wakes the worker, which
// costs the sender time too), and each job's promise settles when the worker has done it. The worker
// stays unreferenced while idle, so it never keeps a finished process alive.
import { Worker } from 'node:worker_threads';

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface BatchPolicy {
  /** A batch leaves as soon as it holds this many jobs. */
  size: number;
  /** ... or this long after its first job (0: at the end of the current event-loop turn). */
  delayMs: number;
}

/**
 * `jobBody` is CommonJS run inside the worker for each job, with `job` in scope and `require` available
 * (inline source, so the same code runs from the built files and from TypeScript sources under test).
 */
export function workerSourceFor(jobBody: string): string {
  return `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (batch) => {
  parentPort.postMessage(batch.map((job) => {
    try {
${jobBody}
      return { id: job.id };
    } catch (error) {
      return { id: job.id, error: error && error.message ? error.message : String(error) };
    }
  }));
});
`;
}

export class WorkerJobs<Job extends object> {
  readonly #source: string;
  readonly #name: string;
  readonly #policy: BatchPolicy;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #queue: (Job & { id: number })[] = [];
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #nextId = 1;

  constructor(source: string, name: string, policy: BatchPolicy) {
    this.#source = source;
    this.#name = name;
    this.#policy = policy;
  }

  run(job: Job): Promise<void> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#queue.push({ ...job, id });
      if (this.#queue.length >= this.#policy.size) this.flush();
      else if (this.#policy.delayMs > 0) this.#timer ??= setTimeout(() => this.flush(), this.#policy.delayMs);
      else this.#immediate ??= setImmediate(() => this.flush());
    });
  }

  /** Sends what is queued now rather than with the next batch. */
  flush(): void {
    clearTimeout(this.#timer);
    clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length > 0) this.#worker?.postMessage(batch);
  }

  /** Stops the worker once every job has settled. Safe to call more than once. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.flush();
    while (this.#pending.size > 0) await new Promise((resolve) => setImmediate(resolve));
    this.#worker = undefined;
    await worker.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#source, { eval: true });
    worker.unref();
    worker.on('message', (results: { id: number; error?: string }[]) => {
      for (const { id, error } of results) {
        const pending = this.#pending.get(id);
        if (!pending) continue;
        this.#pending.delete(id);
        if (error === undefined) pending.resolve();
        else pending.reject(new Error(error));
      }
      if (this.#pending.size === 0) worker.unref();
    });
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', () => this.#failAll(new Error(`the ${this.#name} stopped`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    this.#worker = undefined;
    clearTimeout(this.#timer);
    clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#queue = [];
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
