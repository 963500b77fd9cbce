// Writes cache entries on the process's file worker (store/worker-jobs.ts): each entry is a folder with a
// copy of the task's log and a result.json, written as a temp folder and renamed into place. As promise-based
// fs calls, one entry cost the dispatching thread about a millisecond of callbacks on a busy machine.
// Here entries go to the worker in batches, at most every 50 ms (or 64 at a time): each message wakes the
// worker, which on a loaded machine cost the sender ~0.2 ms per message (measured), and nobody waits for
// an entry but the end of the run.
import { randomBytes } from 'node:crypto';
import { WorkerJobs } from '../store/worker-jobs.ts';

export interface EntryFiles {
  folder: string;
  /** The run's `<task>.log`, copied as the entry's task.log. */
  logSource: string;
  /** Its short hash, as recorded by the run. */
  logHash: string;
  resultText: string;
}

// Counts entries of every writer of the process, so temp folder names never repeat within it; the random
// part keeps processes apart where pids repeat (containers sharing a cache folder).
let entriesWritten = 0;
const processTag = `${process.pid}.${randomBytes(4).toString('hex')}`;

export class EntryWriter {
  readonly #jobs = new WorkerJobs({ size: 64, delayMs: 50 });

  async write(files: EntryFiles): Promise<void> {
    entriesWritten += 1;
    // Unique per process and entry, so two runs storing the same key never share a temp folder.
    await this.#jobs.run({ kind: 'entry', ...files, suffix: `${processTag}.${entriesWritten}.tmp` });
  }

  /** Sends what is queued now rather than at the next batch. */
  flush(): void {
    this.#jobs.flush();
  }

  /** Stops the worker (after every write has settled). Safe to call more than once. */
  close(): Promise<void> {
    return this.#jobs.close();
  }
}
