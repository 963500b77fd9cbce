// Writes cache entries on a worker thread: each entry is a folder, a copy of the task's log and a
// result.json, each through a temp file and a rename. As five promise-based fs calls, one entry cost the
// dispatching thread about a millisecond of callbacks on a busy machine. Here entries go to the worker
// in batches, at most every 50 ms (or 64 at a time): each message wakes the worker, which on a loaded
// machine cost the sender ~0.2 ms per message (measured), and nobody waits for an entry but the end of
// the run.
import { WorkerJobs, workerSourceFor } from '../store/worker-jobs.ts';

const workerSource = workerSourceFor(`
      const { copyFileSync, mkdirSync, renameSync, writeFileSync } = require('node:fs');
      const { join } = require('node:path');
      mkdirSync(job.folder, { recursive: true });
      const log = join(job.folder, 'task.log.' + job.suffix);
      copyFileSync(job.logSource, log);
      renameSync(log, join(job.folder, 'task.log'));
      const result = join(job.folder, 'result.json.' + job.suffix);
      writeFileSync(result, job.resultText);
      renameSync(result, join(job.folder, 'result.json'));`);

export interface EntryFiles {
  folder: string;
  /** The run's `<task>.log`, copied as the entry's task.log. */
  logSource: string;
  resultText: string;
}

export class EntryWriter {
  readonly #jobs = new WorkerJobs<EntryFiles & { suffix: string }>(workerSource, 'cache writer', {
    size: 64,
    delayMs: 50,
  });
  #entries = 0;

  write(files: EntryFiles): Promise<void> {
    this.#entries += 1;
    // Unique per process and entry, so two runs storing the same key never share a temp file.
    return this.#jobs.run({ ...files, suffix: `${process.pid}.${this.#entries}.tmp` });
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
