// The `<task>.log` transcript. Written as the task runs (so `tail -f` works) through one descriptor,
// hashing every byte on the way so the task_complete event can carry `log_hash` without a re-read.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export class TaskLog {
  readonly #descriptor: number;
  readonly #hash: Hash = createHash('sha256');
  #closed = false;
  #pendingStdout = '';
  #pendingStderr = '';
  #mask: (text: string) => string;

  constructor(path: string, mask: (text: string) => string = (text) => text) {
    this.#descriptor = openSync(path, 'w');
    this.#mask = mask;
  }

  /** Our own text (headers, sections): any pending partial output line is written first. */
  write(text: string): void {
    this.#flushPending();
    this.#writeMasked(text);
  }

  /**
   * Task output arrives in arbitrary chunks; only whole lines are written, so the secret masker never
   * sees a secret split across two chunks.
   */
  writeStdout(chunk: string): void {
    const text = this.#pendingStdout + chunk;
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.#pendingStdout = text;
      return;
    }
    this.#pendingStdout = text.slice(lastNewline + 1);
    this.#writeMasked(text.slice(0, lastNewline + 1));
  }

  #writeMasked(text: string): void {
    if (this.#closed || text.length === 0) return;
    const bytes = Buffer.from(this.#mask(text), 'utf8');
    this.#hash.update(bytes);
    writeSync(this.#descriptor, bytes);
  }

  line(text = ''): void {
    this.write(`${text}\n`);
  }

  /** stderr lines are prefixed `[stderr] ` like maestro-cli; partial lines wait for their newline. */
  writeStderr(chunk: string): void {
    const text = this.#pendingStderr + chunk;
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.#pendingStderr = text;
      return;
    }
    this.#pendingStderr = text.slice(lastNewline + 1);
    const complete = text.slice(0, lastNewline);
    this.#writeMasked(`${complete.replace(/^/gm, '[stderr] ')}\n`);
  }

  /** Writes partial lines still waiting for their newline (end of an attempt). */
  flushPartialLines(): void {
    this.#flushPending();
  }

  #flushPending(): void {
    if (this.#pendingStdout) {
      const rest = this.#pendingStdout;
      this.#pendingStdout = '';
      this.#writeMasked(`${rest}\n`);
    }
    if (this.#pendingStderr) {
      const rest = this.#pendingStderr;
      this.#pendingStderr = '';
      this.#writeMasked(`[stderr] ${rest}\n`);
    }
  }

  /** Closes the file and returns sha256(bytes)[:16]. */
  close(): string {
    if (!this.#closed) {
      this.#flushPending();
      this.#closed = true;
      closeSync(this.#descriptor);
    }
    return this.#hash.copy().digest('hex').slice(0, 16);
  }
}
