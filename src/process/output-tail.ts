// Keeps the last `maxBytes` of a text stream in memory. Everything is still streamed to the caller's
// callbacks; this only bounds what a finished process hands back, so a chatty task cannot exhaust memory.
export class OutputTail {
  readonly #maxBytes: number;
  readonly #chunks: { text: string; bytes: number }[] = [];
  #bytes = 0;
  #droppedBytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes (UTF-8) that were dropped from the front to respect the cap. */
  get droppedBytes(): number {
    return this.#droppedBytes;
  }

  append(text: string): void {
    if (text.length === 0) return;
    const bytes = Buffer.byteLength(text, 'utf8');
    this.#chunks.push({ text, bytes });
    this.#bytes += bytes;
    this.#trim();
  }

  text(): string {
    if (this.#chunks.length > 1) {
      const joined = this.#chunks.map((chunk) => chunk.text).join('');
      this.#chunks.splice(0, this.#chunks.length, { text: joined, bytes: this.#bytes });
    }
    return this.#chunks[0]?.text ?? '';
  }

  // Drops whole chunks while possible, then cuts the first one on a character boundary.
  #trim(): void {
    while (this.#bytes > this.#maxBytes) {
      const first = this.#chunks[0]!;
      const excess = this.#bytes - this.#maxBytes;
      if (first.bytes <= excess) {
        this.#chunks.shift();
        this.#bytes -= first.bytes;
        this.#droppedBytes += first.bytes;
        continue;
      }
      const kept = dropLeadingBytes(first.text, excess);
      const keptBytes = Buffer.byteLength(kept, 'utf8');
      this.#droppedBytes += first.bytes - keptBytes;
      this.#bytes -= first.bytes - keptBytes;
      first.text = kept;
      first.bytes = keptBytes;
    }
  }
}

// Removes at least `count` bytes from the front, never splitting a multi-byte character.
function dropLeadingBytes(text: string, count: number): string {
  const buffer = Buffer.from(text, 'utf8');
  let start = count;
  // UTF-8 continuation bytes look like 0b10xxxxxx; skip them so the tail starts on a whole character.
  while (start < buffer.length && (buffer[start]! & 0xc0) === 0x80) start += 1;
  return buffer.subarray(start).toString('utf8');
}
