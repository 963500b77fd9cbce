// Splits text into at most `count` chunks of about equal length, never inside a character, so that the
// mock engine streams its reply the way a model would.
export function splitIntoChunks(text: string, count: number): string[] {
  const characters = Array.from(text);
  const size = Math.max(1, Math.ceil(characters.length / count));
  const chunks: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    chunks.push(characters.slice(start, start + size).join(''));
  }
  return chunks;
}
