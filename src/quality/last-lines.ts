// The last N lines of a text (a trailing newline does not count as an empty last line).
export function lastLines(text: string, lines: number): string {
  if (!text) return '';
  let index = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let seen = 0; seen < lines; seen += 1) {
    const previous = text.lastIndexOf('\n', index - 1);
    if (previous === -1) return text;
    index = previous;
  }
  return text.slice(index + 1);
}
