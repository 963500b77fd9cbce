// Heuristics that pick the lines of an output a reader looks for first: errors, warnings and decisions,
// plus a one-line gist. Free (no model call); used by the layered context mode and by the
// `{{ id.errors }}`, `{{ id.warnings }}`, `{{ id.decisions }}` and `{{ id.summary }}` template fields.

const ERROR_LINE =
  /\b(errors?|failed|failures?|fatal|exceptions?|traceback|panic(ked)?|cannot|can't|unable to|not found|denied|segmentation fault)\b|^\s*(E\d{3,}|✗|✘|FAIL\b)/i;
const WARNING_LINE = /\b(warn(ing)?s?|deprecat(ed|ion)|caution)\b|^\s*(W\d{3,}|⚠)/i;
const DECISION_LINE =
  /\b(decided|decision|decide|chose|chosen|we will|will use|going with|selected|conclusion|conclude[sd]?|recommend(s|ed|ation)?|therefore|verdict|resolution)\b|^\s*(summary|result|answer|outcome|next steps?)\s*:/i;

export type KeyLineKind = 'errors' | 'warnings' | 'decisions';

const patterns: Record<KeyLineKind, RegExp> = {
  errors: ERROR_LINE,
  warnings: WARNING_LINE,
  decisions: DECISION_LINE,
};

/** The lines of `text` of one kind, trimmed, in order, without repeats, at most `limit`. */
export function keyLines(text: string, kind: KeyLineKind, limit = 20): string[] {
  const pattern = patterns[kind];
  const found: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || seen.has(line) || !pattern.test(line)) continue;
    // A warning line that also reads as an error counts as an error only.
    if (kind === 'warnings' && ERROR_LINE.test(line)) continue;
    seen.add(line);
    found.push(clip(line, 300));
    if (found.length >= limit) break;
  }
  return found;
}

/** Whether a line is worth showing in a condensed view (an error, warning or decision). */
export function isKeyLine(line: string): boolean {
  return ERROR_LINE.test(line) || WARNING_LINE.test(line) || DECISION_LINE.test(line);
}

/** The first line with words in it (headings' `#` and list bullets removed), at most `width` characters. */
export function gist(text: string, width = 160): string {
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/^\s*(#{1,6}\s+|[-*+]\s+|>\s*)/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (/[\p{L}\p{N}]/u.test(line)) return clip(line, width);
  }
  return '';
}

export function clip(text: string, width: number): string {
  if (text.length <= width) return text;
  return `${text.slice(0, Math.max(0, width - 1))}…`;
}
