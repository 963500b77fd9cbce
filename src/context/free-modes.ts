// The context modes that cost no model call — raw (trimmed to the budget), selective (BM25 chunks) and
// layered (L0/L1/L2) — each turning the upstream outputs into headed blocks within a token share.
import type { ContextReport } from './context-report.ts';
import { fitToBudget } from './fit-to-budget.ts';
import { chooseLayers, layerText } from './layered-view.ts';
import { selectChunks } from './select-chunks.ts';
import type { TokenCounter } from './token-counter.ts';
import { type UpstreamOutput, upstreamHeading } from './upstream-output.ts';

export interface Block {
  /** The upstream id (or `upstream_synthesis`), also the label of its data markers. */
  id: string;
  heading: string;
  body: string;
}

/**
 * `share` is what the bodies may use; `budget` is the task's whole context budget, as reported in events.
 */
export function rawBlocks(
  upstreams: readonly UpstreamOutput[],
  share: number,
  budget: number,
  counter: TokenCounter,
  report: ContextReport,
): Block[] {
  const fit = fitToBudget(upstreams, share, counter);
  for (const trim of fit.trimmed) {
    report.add(
      'context_budget_trim',
      {
        upstream: trim.upstream,
        mode: 'raw',
        budget_tokens: budget,
        tokens_before: trim.tokensBefore,
        tokens_after: trim.tokensAfter,
      },
      `raw: ${trim.upstream} cut to its head and tail to fit the budget: ${trim.tokensBefore} -> ${trim.tokensAfter} tokens`,
    );
  }
  return upstreams.map((upstream) => ({
    id: upstream.id,
    heading: upstreamHeading(upstream),
    body: fit.texts.get(upstream.id) ?? upstream.text,
  }));
}

export async function selectiveBlocks(
  upstreams: readonly UpstreamOutput[],
  query: string,
  share: number,
  budget: number,
  counter: TokenCounter,
  report: ContextReport,
): Promise<Block[]> {
  const selection = await selectChunks(upstreams, query, share, counter);
  for (const trim of selection.trimmed) {
    report.add(
      'context_budget_trim',
      {
        upstream: trim.upstream,
        mode: 'selective',
        budget_tokens: budget,
        tokens_before: trim.tokensBefore,
        tokens_after: trim.tokensAfter,
        chunks_total: trim.chunksTotal,
        chunks_kept: trim.chunksKept,
        no_match: selection.noMatch,
      },
      `selective: ${trim.upstream} kept ${trim.chunksKept}/${trim.chunksTotal} chunks ${
        selection.noMatch ? '(none matched the prompt, so the first ones)' : 'by BM25 relevance to the prompt'
      }: ${trim.tokensBefore} -> ${trim.tokensAfter} tokens`,
    );
  }
  return upstreams.map((upstream) => {
    const trimmed = selection.trimmed.some((trim) => trim.upstream === upstream.id);
    return {
      id: upstream.id,
      heading: upstreamHeading(upstream, trimmed ? 'most relevant parts' : undefined),
      body: selection.texts.get(upstream.id) ?? upstream.text,
    };
  });
}

export function layeredBlocks(
  upstreams: readonly UpstreamOutput[],
  share: number,
  budget: number,
  counter: TokenCounter,
  report: ContextReport,
): Block[] {
  const layers = chooseLayers(upstreams, share, counter);
  return upstreams.map((upstream) => {
    const layer = layers.get(upstream.id) ?? 0;
    const body = layerText(upstream, layer);
    if (layer < 2 && body !== upstream.text) {
      const before = counter.count(upstream.text);
      const after = counter.count(body);
      report.add(
        'context_budget_trim',
        {
          upstream: upstream.id,
          mode: 'layered',
          budget_tokens: budget,
          layer,
          tokens_before: before,
          tokens_after: after,
        },
        `layered: ${upstream.id} at layer L${layer}${layer === 0 ? ' (one line)' : ' (head, key lines, tail)'}: ${before} -> ${after} tokens`,
      );
    }
    return { id: upstream.id, heading: upstreamHeading(upstream, `layer L${layer}`), body };
  });
}
