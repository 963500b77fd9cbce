// The `<task>.log` transcript. A short task's log is kept in memory and written with one call when it
// ends (creating thousands of small files one write at a time is what makes a big run slow); a task that
// runs for more than a second, or writes more than 64 KiB, switches to a write stream so `tail -f` works.
// Every byte is hashed on the way, so task_complete can carry
// `log_hash` without a re-read.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream, writeFileSync } from 'node:fs';
import { shortHex } from '../store/index.ts';

const bufferLimitBytes = 64 * 1024;
const bufferLimitMs = 1000;

export class TaskLog {
  readonly #path: string;
  #stream: WriteStream | undefined;
  #buffered: Buffer[] = [];
  #bufferedBytes = 0;
  readonly #streamTimer: NodeJS.Timeout;
  readonly #hash: Hash = createHash('sha256');
  readonly #mask: (text: string) => string;
  #failure: Error | undefined;
  #closing: Promise<string> | undefined;
  #pendingStdout = '';
  #pendingStderr = '';

  constructor(path: string, mask: (text: string) => string = (text) => text) {
    this.#path = path;
    this.#mask = mask;
    this.#streamTimer = setTimeout(() => this.#startStreaming(), bufferLimitMs);
    this.#streamTimer.unref();
  }

  #startStreaming(): void {
    if (this.#stream || this.#closing) return;
    const stream = createWriteStream(this.#path);
    stream.on('error', (error) => {
      this.#failure ??= error;
    });
    for (const chunk of this.#buffered) stream.write(chunk);
    this.#buffered = [];
    this.#stream = stream;
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

  /**
   * Ends the file; resolves with sha256(bytes)[:16] once every byte is on disk. A short log is one write,
   * through `writer` (off the main thread) when given.
   */
  close(writer?: { write(path: string, data: Uint8Array): Promise<void> }): Promise<string> {
    this.#closing ??= new Promise<string>((resolve, reject) => {
      this.#flushPending();
      clearTimeout(this.#streamTimer);
      const digest = () => shortHex(this.#hash.digest());
      const stream = this.#stream;
      if (!stream) {
        const bytes = Buffer.concat(this.#buffered, this.#bufferedBytes);
        if (writer) {
          writer.write(this.#path, bytes).then(() => resolve(digest()), reject);
          return;
        }
        writeFileSync(this.#path, bytes);
        resolve(digest());
        return;
      }
      stream.end(() => {
        if (this.#failure) reject(this.#failure);
        else resolve(digest());
      });
    });
    return this.#closing;
  }

  #writeMasked(text: string): void {
    if (this.#closing || text.length === 0) return;
    const bytes = Buffer.from(this.#mask(text), 'utf8');
    this.#hash.update(bytes);
    if (this.#stream) {
      this.#stream.write(bytes);
      return;
    }
    this.#buffered.push(bytes);
    this.#bufferedBytes += bytes.length;
    if (this.#bufferedBytes > bufferLimitBytes) this.#startStreaming();
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
