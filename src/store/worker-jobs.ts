// File jobs run on one worker thread per process: the run's artifact files and the cache's entries.
// Creating thousands of small files costs system time (0.03 to 0.4 ms each on this machine's disk,
// depending on how recently files were deleted there); on a worker that time overlaps with dispatching.
// One worker, not one per writer: each worker is a V8 isolate of its own, ~15 MB of resident memory.
//
// Writers queue jobs and send them in batches (one message per batch: each message wakes the worker, which
// costs the sender time too); each job's promise settles when the worker has done it. The worker stays
// unreferenced while idle, so it never keeps a finished process alive, and stops when no writer is open.
import { Worker } from 'node:worker_threads';

/** What the worker can do. Paths are absolute or relative to the process's working directory. */
export type FileJob =
  /** Writes (creating or replacing) `path`. */
  | { kind: 'write'; path: string; data: string | Uint8Array }
  /** Writes `path` as the bytes of `from` (none when missing) plus `note`; answers their short hash. */
  | { kind: 'copy'; path: string; from: string; note: string }
  /**
   * A cache entry: `folder` created, `logSource` copied to `task.log` and `resultText` written to
   * `result.json`, each through a temp file named with `suffix` and a rename.
   */
  | { kind: 'entry'; folder: string; logSource: string; resultText: string; suffix: string };

// CommonJS inside the worker (inline source, so the same code runs from the built files and from the
// TypeScript sources under test).
const workerSource = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { join } = require('node:path');
const { hash } = require('node:crypto');
const runJob = (job) => {
  switch (job.kind) {
    case 'write':
      fs.writeFileSync(job.path, job.data);
      return undefined;
    case 'copy': {
      let head;
      try {
        head = fs.readFileSync(job.from);
      } catch {
        head = Buffer.alloc(0);
      }
      const bytes = Buffer.concat([head, Buffer.from(job.note, 'utf8')]);
      fs.writeFileSync(job.path, bytes);
      return hash('sha256', bytes, 'buffer').toString('hex', 0, 8);
    }
    case 'entry': {
      fs.mkdirSync(job.folder, { recursive: true });
      const log = join(job.folder, 'task.log.' + job.suffix);
      fs.copyFileSync(job.logSource, log);
      fs.renameSync(log, join(job.folder, 'task.log'));
      const result = join(job.folder, 'result.json.' + job.suffix);
      fs.writeFileSync(result, job.resultText);
      fs.renameSync(result, join(job.folder, 'result.json'));
      return undefined;
    }
    default:
      throw new Error('unknown file job ' + job.kind);
  }
};
parentPort.on('message', (batch) => {
  parentPort.postMessage(batch.map((job) => {
    try {
      return { id: job.id, value: runJob(job) };
    } catch (error) {
      return { id: job.id, error: error && error.message ? error.message : String(error) };
    }
  }));
});
`;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

type Numbered = FileJob & { id: number };

// The process's file worker, shared by every open writer.
let worker: Worker | undefined;
let openWriters = 0;
let nextId = 1;
const pending = new Map<number, Pending>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(workerSource, { eval: true });
  started.unref();
  started.on('message', (results: { id: number; value?: unknown; error?: string }[]) => {
    for (const { id, value, error } of results) {
      const job = pending.get(id);
      if (!job) continue;
      pending.delete(id);
      if (error === undefined) job.resolve(value);
      else job.reject(new Error(error));
    }
    if (pending.size === 0) started.unref();
  });
  started.on('error', (error) => failAll(started, error));
  started.on('exit', () => failAll(started, new Error('the file worker stopped')));
  worker = started;
  return started;
}

function failAll(stopped: Worker, error: Error): void {
  if (worker !== stopped) return;
  worker = undefined;
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

export interface BatchPolicy {
  /** A batch leaves as soon as it holds this many jobs. */
  size: number;
  /** ... or this long after its first job (0: at the end of the current event-loop turn). */
  delayMs: number;
}

/** One writer's queue of file jobs. */
export class WorkerJobs {
  readonly #policy: BatchPolicy;
  #queue: Numbered[] = [];
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  readonly #mine = new Set<number>();
  #open = false;

  constructor(policy: BatchPolicy) {
    this.#policy = policy;
  }

  run(job: FileJob): Promise<unknown> {
    if (!this.#open) {
      this.#open = true;
      openWriters += 1;
    }
    const shared = ensureWorker();
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      if (pending.size === 0) shared.ref();
      this.#mine.add(id);
      const settle = () => this.#mine.delete(id);
      pending.set(id, {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
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
    // Jobs a stopped worker already failed are not sent again.
    const batch = this.#queue.filter((job) => pending.has(job.id));
    this.#queue = [];
    if (batch.length === 0) return;
    if (worker) {
      worker.postMessage(batch);
      return;
    }
    for (const job of batch) {
      const waiting = pending.get(job.id);
      pending.delete(job.id);
      waiting?.reject(new Error('the file worker stopped'));
    }
  }

  /**
   * Resolves once every job of this writer has settled; the worker stops when the last open writer
   * closes. Safe to call more than once.
   */
  async close(): Promise<void> {
    this.flush();
    while (this.#mine.size > 0) await new Promise((resolve) => setImmediate(resolve));
    if (!this.#open) return;
    this.#open = false;
    openWriters -= 1;
    const idle = worker;
    if (openWriters === 0 && idle && pending.size === 0) {
      worker = undefined;
      await idle.terminate();
    }
  }
}
