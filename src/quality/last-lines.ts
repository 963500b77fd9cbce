// The last N lines of a text (a trailing newline does not count as an empty last line), at most
// `maxChars` characters: one huge line without a newline would otherwise fill results and the manifest.
export const TAIL_MAX_CHARS = 64 * 1024;
/** Starts a tail that was cut inside its first line. */
export const TAIL_TRUNCATED_MARK = '…[truncated]\n';

export function lastLines(text: string, lines: number, maxChars = TAIL_MAX_CHARS): string {
  if (!text) return '';
  let index = text.endsWith('\n') ? text.length - 1 : text.length;
  let start = index + 1;
  for (let seen = 0; seen < lines; seen += 1) {
    const previous = text.lastIndexOf('\n', index - 1);
    if (previous === -1) {
      start = 0;
      break;
    }
    index = previous;
    start = index + 1;
  }
  if (text.length - start <= maxChars) return text.slice(start);
  // A tail keeps the end; the mark counts against the limit, so the whole stays within it.
  let cut = text.length - Math.max(0, maxChars - TAIL_TRUNCATED_MARK.length);
  // Never split a surrogate pair: its low half alone is not text.
  if (isLowSurrogate(text.charCodeAt(cut))) cut += 1;
  // Nor a word: the secret masker, applied to the tail later, finds whole secrets only, so the end of one
  // cut in two would stay readable. The tail starts after the first space or line break past the cut.
  const wordEnd = text.slice(cut).search(/\s/);
  if (wordEnd >= 0) cut += wordEnd + 1;
  return `${TAIL_TRUNCATED_MARK}${text.slice(cut)}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
