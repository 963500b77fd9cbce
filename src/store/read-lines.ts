// Reads a text file line by line in fixed-size chunks, so verifying a large events.jsonl costs memory in
// proportion to its longest line, not its size.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine(line, lineNumber)` for every line of the UTF-8 file at `filePath` (1-based numbers,
 * newline removed). `endsWithNewline` tells whether the file's last line was terminated.
 */
export function forEachLine(
  filePath: string,
  onLine: (line: string, lineNumber: number) => void,
): { lineCount: number; endsWithNewline: boolean } {
  const descriptor = openSync(filePath, 'r');
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let pending = '';
  let lineNumber = 0;
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, null);
      const text = read === 0 ? decoder.end() : decoder.write(buffer.subarray(0, read));
      let start = 0;
      for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
        lineNumber += 1;
        onLine(pending + text.slice(start, newline), lineNumber);
        pending = '';
        start = newline + 1;
      }
      pending += text.slice(start);
      if (read === 0) break;
    }
  } finally {
    closeSync(descriptor);
  }
  if (pending !== '') {
    lineNumber += 1;
    onLine(pending, lineNumber);
  }
  return { lineCount: lineNumber, endsWithNewline: pending === '' };
}
