// Writes cache entries on a worker thread: each entry is a folder, a copy of the task's log and a
// result.json, each through a temp file and a rename. As five promise-based fs calls, one entry cost the
// dispatching thread about a millisecond of callbacks on a busy machine. Here entries go to the worker
// in batches, at most every 50 ms (or 64 at a time): each message wakes the worker, which on a loaded
// machine cost the sender ~0.2 ms per message (measured), and nobody waits for an entry but the end of
// the run.
import { Worker } from 'node:worker_threads';

// Inline CommonJS, so the same code runs from the built files and from TypeScript sources under test.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { copyFileSync, mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
parentPort.on('message', (batch) => {
  const results = batch.map(({ id, folder, logSource, resultText, suffix }) => {
    try {
      mkdirSync(folder, { recursive: true });
      const log = join(folder, 'task.log.' + suffix);
      copyFileSync(logSource, log);
      renameSync(log, join(folder, 'task.log'));
      const result = join(folder, 'result.json.' + suffix);
      writeFileSync(result, resultText);
      renameSync(result, join(folder, 'result.json'));
      return { id };
    } catch (error) {
      return { id, error: error && error.message ? error.message : String(error) };
    }
  });
  parentPort.postMessage(results);
});
`;

export interface EntryFiles {
  folder: string;
  /** The run's `<task>.log`, copied as the entry's task.log. */
  logSource: string;
  resultText: string;
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

const batchSize = 64;
const batchDelayMs = 50;

interface Queued extends EntryFiles {
  id: number;
  suffix: string;
}

export class EntryWriter {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #queue: Queued[] = [];
  #timer: NodeJS.Timeout | undefined;
  #nextId = 1;

  write(files: EntryFiles): Promise<void> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    // Unique per process and entry, so two runs storing the same key never share a temp file.
    const suffix = `${process.pid}.${id}.tmp`;
    return new Promise<void>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#queue.push({ id, suffix, ...files });
      if (this.#queue.length >= batchSize) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), batchDelayMs);
    });
  }

  /** Sends what is queued now rather than at the next batch. */
  flush(): void {
    this.#flush();
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length > 0) this.#worker?.postMessage(batch);
  }

  /** Stops the worker (after every write has settled). Safe to call more than once. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#flush();
    while (this.#pending.size > 0) await new Promise((resolve) => setImmediate(resolve));
    this.#worker = undefined;
    await worker.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(workerSource, { eval: true });
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
    worker.on('exit', () => this.#failAll(new Error('the cache writer stopped')));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    this.#worker = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
