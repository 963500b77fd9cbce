// Builds a TokenUsage from counts already split the Maestro way (no overlap between the parts), so that
// every HTTP engine reports `total_tokens = input + cached + cache_creation + output` and nothing twice.
import type { TokenUsage } from '../engine.ts';

export interface UsageParts {
  /** Prompt tokens neither read from nor written to a cache. */
  input: number;
  /** Prompt tokens read from a cache. */
  cached: number;
  /** Prompt tokens written to a cache (Anthropic); 0 elsewhere. */
  cacheCreation?: number;
  output: number;
}

export function buildTokenUsage(parts: UsageParts): TokenUsage {
  const input = Math.max(0, parts.input);
  const cached = Math.max(0, parts.cached);
  const cacheCreation = Math.max(0, parts.cacheCreation ?? 0);
  const output = Math.max(0, parts.output);
  const usage: TokenUsage = {
    input_tokens: input,
    output_tokens: output,
    cached_tokens: cached,
    total_tokens: input + cached + cacheCreation + output,
  };
  if (cacheCreation > 0) usage.cache_creation_tokens = cacheCreation;
  return usage;
}
