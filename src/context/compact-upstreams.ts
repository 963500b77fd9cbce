// Applies `context_compaction` to the upstream outputs when together they exceed the budget: `standard`
// runs its one pass, `progressive` its steps one after the other until the outputs fit. Each output a
// step changed is one `context_compaction` event.
import { type CompactionLevel, stepsFor } from './compact-text.ts';
import type { ContextReport } from './context-report.ts';
import type { TokenCounter } from './token-counter.ts';
import type { UpstreamOutput } from './upstream-output.ts';

export function compactUpstreams(
  upstreams: readonly UpstreamOutput[],
  level: CompactionLevel,
  budgetTokens: number,
  counter: TokenCounter,
  report: ContextReport,
): UpstreamOutput[] {
  let current = [...upstreams];
  const total = () => current.reduce((sum, upstream) => sum + counter.count(upstream.text), 0);
  for (const [position, step] of stepsFor(level).entries()) {
    if (total() <= budgetTokens) break;
    current = current.map((upstream) => {
      const text = step.apply(upstream.text);
      if (text === upstream.text) return upstream;
      const before = counter.count(upstream.text);
      const after = counter.count(text);
      report.add(
        'context_compaction',
        {
          upstream: upstream.id,
          level,
          step: position + 1,
          method: step.name,
          tokens_before: before,
          tokens_after: after,
        },
        `compaction ${level} step ${position + 1} (${step.name}) on ${upstream.id}: ${before} -> ${after} tokens`,
      );
      return { ...upstream, text };
    });
  }
  return current;
}
