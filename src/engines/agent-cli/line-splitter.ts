// Turns decoded stdout chunks into whole lines (without the newline) for a line-oriented parser. A
// chunk may end in the middle of a line; the rest is kept until the next chunk or the end.
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  #pending = '';

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  push(chunk: string): void {
    const text = this.#pending + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.#onLine(trimCarriageReturn(text.slice(start, end)));
      start = end + 1;
    }
    this.#pending = text.slice(start);
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (this.#pending.length > 0) this.#onLine(trimCarriageReturn(this.#pending));
    this.#pending = '';
  }
}

function trimCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
