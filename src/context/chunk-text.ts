// Splits an output into chunks that can be ranked and kept or dropped one by one: paragraphs (blank-line
// separated, a fenced code block kept whole, a heading kept with what follows), and paragraphs longer
// than `maxTokens` split into runs of whole lines.
import type { TokenCounter } from './token-counter.ts';

export interface TextChunk {
  /** The upstream task the chunk comes from. */
  upstream: string;
  /** Position among that upstream's chunks, from 0. */
  index: number;
  text: string;
  tokens: number;
}

export function chunkText(
  upstream: string,
  text: string,
  counter: TokenCounter,
  maxTokens = 200,
): TextChunk[] {
  const chunks: TextChunk[] = [];
  const push = (part: string) => {
    chunks.push({ upstream, index: chunks.length, text: part, tokens: counter.count(part) });
  };
  for (const paragraph of paragraphs(text)) {
    if (counter.count(paragraph) <= maxTokens) {
      push(paragraph);
      continue;
    }
    let run: string[] = [];
    let runTokens = 0;
    for (const line of paragraph.split('\n')) {
      const lineTokens = counter.count(line) + 1;
      if (run.length > 0 && runTokens + lineTokens > maxTokens) {
        push(run.join('\n'));
        run = [];
        runTokens = 0;
      }
      run.push(line);
      runTokens += lineTokens;
    }
    if (run.length > 0) push(run.join('\n'));
  }
  return chunks;
}

function paragraphs(text: string): string[] {
  const result: string[] = [];
  let current: string[] = [];
  let inFence = false;
  const flush = () => {
    if (current.length > 0) result.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '') {
      // A heading alone stays with the paragraph that follows it.
      if (current.length === 1 && /^\s*#{1,6}\s/.test(current[0] ?? '')) continue;
      flush();
      continue;
    }
    current.push(line);
  }
  flush();
  return result;
}
