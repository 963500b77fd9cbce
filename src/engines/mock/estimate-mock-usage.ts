// Token usage of a mock reply: the plan's `usage` where given, otherwise a deterministic estimate of
// about four characters per token (characters are Unicode code points). The counts follow TokenUsage's
// convention: `input_tokens` excludes `cached_tokens`, and the total adds both.

import type { MockSpec } from '../../plan/types.ts';
import type { TokenUsage } from '../engine.ts';

export function estimateMockUsage(usage: MockSpec['usage'], prompt: string, reply: string): TokenUsage {
  const input = usage?.input_tokens ?? estimateTokens(prompt);
  const output = usage?.output_tokens ?? estimateTokens(reply);
  const cached = usage?.cached_tokens ?? 0;
  return {
    input_tokens: input,
    output_tokens: output,
    cached_tokens: cached,
    total_tokens: input + cached + output,
  };
}

function estimateTokens(text: string): number {
  return Math.ceil(Array.from(text).length / 4);
}
