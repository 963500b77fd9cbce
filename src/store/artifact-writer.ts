// Writes a run's small artifact files (`<task>.log`, `<task>.result.json`) on the process's file worker
// (see worker-jobs.ts for why). The caller learns when a file is on disk, so the event naming its hash
// still comes after it. Writes asked for in the same event-loop turn travel together.
import { WorkerJobs } from './worker-jobs.ts';

export class ArtifactWriter {
  readonly #jobs = new WorkerJobs({ size: 64, delayMs: 0 });

  /** Writes (creating or replacing) `path`; resolves once the bytes are written. */
  async write(path: string, data: string | Uint8Array): Promise<void> {
    // A small Buffer is a view into Node's shared 8 KiB pool, and posting a view copies its whole
    // ArrayBuffer: copy just the bytes (measured: ~10x cheaper per message).
    if (typeof data !== 'string' && data.byteLength < data.buffer.byteLength) data = new Uint8Array(data);
    await this.#jobs.run({ kind: 'write', path, data });
  }

  /**
   * Writes `path` as the bytes of `from` (none when it is missing) followed by `note`, without the file
   * passing through this thread; resolves with sha256(bytes)[:16]. The copy is not masked: use it only
   * for text that has been masked already and a run without secrets of its own.
   */
  async copyWithNote(from: string, path: string, note: string): Promise<string> {
    return (await this.#jobs.run({ kind: 'copy', path, from, note })) as string;
  }

  /** Resolves once every write has finished. Safe to call more than once. */
  close(): Promise<void> {
    return this.#jobs.close();
  }
}
