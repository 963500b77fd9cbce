// `context_mode: selective`: the upstream outputs are cut into chunks, ranked by BM25 against the task's
// prompt, and the best chunks that fit the token budget are kept, shown in their original order with a
// marker where chunks were left out. Free: no model call.
import { chunkText, type TextChunk } from './chunk-text.ts';
import { rankTexts } from './rank-chunks.ts';
import type { TokenCounter } from './token-counter.ts';
import type { UpstreamOutput } from './upstream-output.ts';

export interface ChunkSelection {
  /** The kept text of each upstream, by id. */
  texts: Map<string, string>;
  /** One entry per upstream that lost chunks. */
  trimmed: {
    upstream: string;
    chunksTotal: number;
    chunksKept: number;
    tokensBefore: number;
    tokensAfter: number;
  }[];
  /** No chunk shared a term with the query, so the first chunks were kept. */
  noMatch: boolean;
}

// Room kept per chunk for the paragraph break and an omission marker.
const perChunkOverhead = 8;

export async function selectChunks(
  upstreams: readonly UpstreamOutput[],
  query: string,
  budgetTokens: number,
  counter: TokenCounter,
): Promise<ChunkSelection> {
  const total = upstreams.reduce((sum, upstream) => sum + counter.count(upstream.text), 0);
  const texts = new Map(upstreams.map((upstream) => [upstream.id, upstream.text]));
  if (total <= budgetTokens) return { texts, trimmed: [], noMatch: false };

  const maxChunkTokens = Math.min(400, Math.max(40, Math.floor(budgetTokens / 4)));
  const chunks: TextChunk[] = upstreams.flatMap((upstream) =>
    chunkText(upstream.id, upstream.text, counter, maxChunkTokens),
  );

  const scores = await rankTexts(
    query,
    chunks.map((chunk) => chunk.text),
  );
  // Only chunks that share terms with the prompt compete, best score first (ties keep the original
  // order); when none does, the first chunks are kept, as the head of the output.
  const anyMatch = scores.some((score) => score > 0);
  const order = chunks
    .map((_, position) => position)
    .filter((position) => !anyMatch || (scores[position] ?? 0) > 0)
    .sort((left, right) => (scores[right] ?? 0) - (scores[left] ?? 0) || left - right);
  const kept = new Set<number>();
  let used = 0;
  for (const position of order) {
    const cost = (chunks[position]?.tokens ?? 0) + perChunkOverhead;
    if (used + cost > budgetTokens) {
      if (anyMatch) continue;
      break;
    }
    kept.add(position);
    used += cost;
  }

  const trimmed: ChunkSelection['trimmed'] = [];
  for (const upstream of upstreams) {
    const own = chunks
      .map((chunk, position) => ({ chunk, position }))
      .filter((entry) => entry.chunk.upstream === upstream.id);
    const keptOwn = own.filter((entry) => kept.has(entry.position));
    if (keptOwn.length === own.length) continue;
    const parts: string[] = [];
    let omitted = 0;
    for (const { chunk, position } of own) {
      if (kept.has(position)) {
        if (omitted > 0) parts.push(omissionMarker(omitted));
        omitted = 0;
        parts.push(chunk.text);
      } else {
        omitted += 1;
      }
    }
    if (omitted > 0) parts.push(omissionMarker(omitted));
    const text = parts.join('\n\n');
    texts.set(upstream.id, text);
    trimmed.push({
      upstream: upstream.id,
      chunksTotal: own.length,
      chunksKept: keptOwn.length,
      tokensBefore: counter.count(upstream.text),
      tokensAfter: counter.count(text),
    });
  }
  return { texts, trimmed, noMatch: !anyMatch };
}

function omissionMarker(count: number): string {
  return `[… ${count} chunk${count === 1 ? '' : 's'} omitted]`;
}
