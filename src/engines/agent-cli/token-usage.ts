// Token counts in Maestro's one meaning, whatever each provider calls them: `input_tokens` never
// includes cached tokens (read from or written to the prompt cache), so the parts add up to the total.
import type { TokenUsage } from '../engine.ts';

export interface UsageParts {
  /** Prompt tokens that were neither read from nor written to the cache. */
  input: number;
  /** Prompt tokens read from the cache. */
  cached?: number;
  /** Prompt tokens written to the cache (Anthropic). */
  cacheCreation?: number;
  /** Generated tokens, reasoning included. */
  output: number;
}

export function tokenUsage(parts: UsageParts): TokenUsage {
  const cached = parts.cached ?? 0;
  const cacheCreation = parts.cacheCreation ?? 0;
  const usage: TokenUsage = {
    input_tokens: parts.input,
    output_tokens: parts.output,
    cached_tokens: cached,
    total_tokens: parts.input + cached + cacheCreation + parts.output,
  };
  if (cacheCreation > 0) usage.cache_creation_tokens = cacheCreation;
  return usage;
}

export function addTokenUsage(total: TokenUsage | undefined, more: TokenUsage): TokenUsage {
  if (!total) return { ...more };
  return tokenUsage({
    input: total.input_tokens + more.input_tokens,
    cached: total.cached_tokens + more.cached_tokens,
    cacheCreation: (total.cache_creation_tokens ?? 0) + (more.cache_creation_tokens ?? 0),
    output: total.output_tokens + more.output_tokens,
  });
}

/** A count from a JSON field: a finite number ≥ 0, else 0. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
