// Writes a large text file in bounded memory: chunks collect up to a threshold and go out in one write.
// The file appears under its final name only when complete (temp file + rename), so readers such as
// `--resume` never see half a manifest.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const FLUSH_THRESHOLD_CHARACTERS = 1 << 20;

export class BufferedFileWriter {
  readonly #finalPath: string;
  readonly #temporaryPath: string;
  readonly #descriptor: number;
  #chunks: string[] = [];
  #pendingCharacters = 0;

  constructor(finalPath: string) {
    this.#finalPath = finalPath;
    this.#temporaryPath = `${finalPath}.tmp`;
    this.#descriptor = openSync(this.#temporaryPath, 'w');
  }

  write(text: string): void {
    this.#chunks.push(text);
    this.#pendingCharacters += text.length;
    if (this.#pendingCharacters >= FLUSH_THRESHOLD_CHARACTERS) this.#flush();
  }

  /** Flushes, closes and moves the file into place. */
  commit(): void {
    this.#flush();
    closeSync(this.#descriptor);
    renameSync(this.#temporaryPath, this.#finalPath);
  }

  /** Closes and deletes the temporary file after a failure. */
  abandon(): void {
    closeSync(this.#descriptor);
    rmSync(this.#temporaryPath, { force: true });
  }

  #flush(): void {
    if (this.#chunks.length === 0) return;
    const buffer = Buffer.from(this.#chunks.join(''), 'utf8');
    this.#chunks = [];
    this.#pendingCharacters = 0;
    let offset = 0;
    while (offset < buffer.length)
      offset += writeSync(this.#descriptor, buffer, offset, buffer.length - offset);
  }
}
