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
   * A cache entry: `folder` holding `logSource` copied as `task.log` and `resultText` as `result.json`,
   * written in a temp folder (named with `suffix`) that is then renamed to `folder`.
   */
  | {
      kind: 'entry';
      folder: string;
      logSource: string;
      /** sha256(log bytes)[:16], as the run recorded it. */
      logHash: string;
      resultText: string;
      suffix: string;
    };

// CommonJS inside the worker (inline source, so the same code runs from the built files and from the
// TypeScript sources under test).
const workerSource = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { join } = require('node:path');
const { hash } = require('node:crypto');
// sha256(bytes)[:16], as the run's log_hash.
const shortHash = (bytes) => hash('sha256', bytes, 'buffer').toString('hex', 0, 8);
// The bytes of the logs this worker wrote last (logs come as bytes, results as text), by path: a cache
// entry stores a copy of a task's log moments after the log was written, and writing those bytes again
// saves reading the file back (five system calls of a copy). They are used only when their hash is the
// log hash the entry names, and each once; the oldest go first beyond 256 logs or 4 MiB (each counted
// with ~0.5 KiB for its path and buffer), so runs that store nothing hold little.
const recent = new Map();
let recentBytes = 0;
const recentCost = (data) => data.length + 512;
const remember = (path, data) => {
  forget(path);
  recent.set(path, data);
  recentBytes += recentCost(data);
  for (const [oldest, bytes] of recent) {
    if (recent.size <= 256 && recentBytes <= 4194304) break;
    recent.delete(oldest);
    recentBytes -= recentCost(bytes);
  }
};
const forget = (path) => {
  const data = recent.get(path);
  if (data === undefined) return undefined;
  recent.delete(path);
  recentBytes -= recentCost(data);
  return data;
};
// An entry is written in full in a temp folder beside its place, then renamed into place; an entry stored
// before is first moved aside, so a reader finds the old entry, the new one or none, never a mixture.
const writeEntry = (job, temporary) => {
  fs.mkdirSync(temporary, { recursive: true });
  const log = join(temporary, 'task.log');
  const bytes = forget(job.logSource);
  if (bytes === undefined || shortHash(bytes) !== job.logHash)
    fs.copyFileSync(job.logSource, log);
  else fs.writeFileSync(log, bytes);
  fs.writeFileSync(join(temporary, 'result.json'), job.resultText);
  try {
    fs.renameSync(temporary, job.folder);
    return;
  } catch (error) {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  }
  const previous = temporary + '.old';
  fs.renameSync(job.folder, previous);
  try {
    fs.renameSync(temporary, job.folder);
  } catch (error) {
    // Another writer put the same entry in place meanwhile: theirs stays.
    fs.rmSync(previous, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(previous, { recursive: true, force: true });
};
const runJob = (job) => {
  switch (job.kind) {
    case 'write':
      fs.writeFileSync(job.path, job.data);
      if (typeof job.data !== 'string') remember(job.path, job.data);
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
      return shortHash(bytes);
    }
    case 'entry': {
      const temporary = job.folder + '.' + job.suffix;
      try {
        writeEntry(job, temporary);
      } catch (error) {
        fs.rmSync(temporary, { recursive: true, force: true });
        throw error;
      }
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
  // After the listeners: adding a 'message' listener references the worker again.
  started.unref();
  worker = started;
  return started;
}

/**
 * Starts the file worker before its first job: a worker thread takes tens of milliseconds to boot, time
 * the caller can spend loading a plan instead of waiting. The worker stays unreferenced until it has work.
 */
export function startFileWorker(): void {
  ensureWorker();
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
