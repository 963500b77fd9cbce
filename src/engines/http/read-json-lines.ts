// Newline-delimited JSON (Ollama's stream) from a response body, one non-empty line at a time. Every chunk
// counts as activity for the stall clock; leaving the loop early ends the body and closes the connection.

export async function* readJsonLines(
  body: AsyncIterable<string>,
  onActivity: () => void,
): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of body) {
    onActivity();
    buffer += chunk;
    let start = 0;
    let newline = buffer.indexOf('\n', start);
    while (newline >= 0) {
      const line = buffer.slice(start, newline).trim();
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
      if (line !== '') yield line;
    }
    buffer = buffer.slice(start);
  }
  const last = buffer.trim();
  if (last !== '') yield last;
}
