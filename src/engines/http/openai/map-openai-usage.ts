// OpenAI's usage (Chat Completions and Responses): the prompt count INCLUDES the cached tokens, so the
// uncached input is prompt − cached. Reasoning tokens are already inside the completion count.
import type { TokenUsage } from '../../engine.ts';
import { asNumber, asObject } from '../parse-json-text.ts';
import { buildTokenUsage } from '../token-usage.ts';

export function mapChatUsage(value: unknown): TokenUsage {
  const usage = asObject(value);
  const prompt = asNumber(usage.prompt_tokens);
  const cached = Math.min(prompt, asNumber(asObject(usage.prompt_tokens_details).cached_tokens));
  return buildTokenUsage({ input: prompt - cached, cached, output: asNumber(usage.completion_tokens) });
}

export function mapResponsesUsage(value: unknown): TokenUsage {
  const usage = asObject(value);
  const prompt = asNumber(usage.input_tokens);
  const cached = Math.min(prompt, asNumber(asObject(usage.input_tokens_details).cached_tokens));
  return buildTokenUsage({ input: prompt - cached, cached, output: asNumber(usage.output_tokens) });
}
