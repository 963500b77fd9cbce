// Splits a reply into at most `count` deltas of about equal length, never inside a character, so that a
// fake streams text the way a model does.
export function splitReplyText(text: string, count: number): string[] {
  const characters = Array.from(text);
  if (characters.length === 0) return [];
  const size = Math.max(1, Math.ceil(characters.length / Math.max(1, count)));
  const chunks: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    chunks.push(characters.slice(start, start + size).join(''));
  }
  return chunks;
}
