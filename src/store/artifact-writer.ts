// Writes a run's small artifact files (`<task>.log`, `<task>.result.json`) on a worker thread (see
// worker-jobs.ts for why). The caller learns when a file is on disk, so the event naming its hash still
// comes after it. Writes asked for in the same event-loop turn travel together.
import { WorkerJobs, workerSourceFor } from './worker-jobs.ts';

const workerSource = workerSourceFor(`
      require('node:fs').writeFileSync(job.path, job.data);`);

export class ArtifactWriter {
  readonly #jobs = new WorkerJobs<{ path: string; data: string | Uint8Array }>(
    workerSource,
    'artifact writer',
    { size: 64, delayMs: 0 },
  );

  /** Writes (creating or replacing) `path`; resolves once the bytes are written. */
  write(path: string, data: string | Uint8Array): Promise<void> {
    // A small Buffer is a view into Node's shared 8 KiB pool, and posting a view copies its whole
    // ArrayBuffer: copy just the bytes (measured: ~10x cheaper per message).
    if (typeof data !== 'string' && data.byteLength < data.buffer.byteLength) data = new Uint8Array(data);
    return this.#jobs.run({ path, data });
  }

  /** Stops the worker once every write has finished. Safe to call more than once. */
  close(): Promise<void> {
    return this.#jobs.close();
  }
}
