// The `<task>.log` transcript, written as the task runs (so `tail -f` works). Writes go through a write
// stream, off the main thread, because a run creates thousands of these files while it is also spawning
// processes. Every byte is hashed on the way, so task_complete can carry `log_hash` without a re-read.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';

export class TaskLog {
  readonly #stream: WriteStream;
  readonly #hash: Hash = createHash('sha256');
  readonly #mask: (text: string) => string;
  #failure: Error | undefined;
  #closing: Promise<string> | undefined;
  #pendingStdout = '';
  #pendingStderr = '';

  constructor(path: string, mask: (text: string) => string = (text) => text) {
    this.#mask = mask;
    this.#stream = createWriteStream(path);
    this.#stream.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  /** Our own text (headers, sections): any pending partial output line is written first. */
  write(text: string): void {
    this.#flushPending();
    this.#writeMasked(text);
  }

  line(text = ''): void {
    this.write(`${text}\n`);
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

  /** Ends the file; resolves with sha256(bytes)[:16] once every byte is on disk. */
  close(): Promise<string> {
    this.#closing ??= new Promise<string>((resolve, reject) => {
      this.#flushPending();
      this.#stream.end(() => {
        if (this.#failure) reject(this.#failure);
        else resolve(this.#hash.digest('hex').slice(0, 16));
      });
    });
    return this.#closing;
  }

  #writeMasked(text: string): void {
    if (this.#closing || text.length === 0) return;
    const bytes = Buffer.from(this.#mask(text), 'utf8');
    this.#hash.update(bytes);
    this.#stream.write(bytes);
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
}
