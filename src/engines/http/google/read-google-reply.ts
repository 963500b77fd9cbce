// Reads a streamed Gemini reply: each `data:` event is a GenerateContentResponse whose text parts (thought
// parts excluded) carry the answer; the last one has a finishReason and the usage. A stream without a
// finishReason was cut; a blocked prompt or a safety stop is bad output that a retry will not fix.
import type { TokenUsage } from '../../engine.ts';
import { failureFromProviderError } from '../failure-from-provider-error.ts';
import { badOutput, ModelCallFailure } from '../model-call-failure.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import type { ModelReply, ReplySink } from '../model-reply.ts';
import { asNumber, asObject, parseJsonText } from '../parse-json-text.ts';
import { readSseEvents } from '../read-sse-events.ts';
import { buildTokenUsage } from '../token-usage.ts';

const FINISHED_WELL = new Set(['STOP', 'MAX_TOKENS', 'FINISH_REASON_UNSPECIFIED']);

export async function readGoogleReply(response: ModelHttpResponse, sink: ReplySink): Promise<ModelReply> {
  let usage: TokenUsage | undefined;
  let finishReason: string | undefined;
  for await (const events of readSseEvents(response.body, sink.onActivity)) {
    for (const event of events) {
      const chunk = asObject(parseJsonText(event.data, 'google stream chunk'));
      if (chunk.error != null) throw failureFromProviderError('google', chunk.error);
      const blockReason = asObject(chunk.promptFeedback).blockReason;
      if (typeof blockReason === 'string') throw refused(`google blocked the prompt (${blockReason})`);
      const candidate = asObject(Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined);
      const parts = asObject(candidate.content).parts;
      for (const entry of Array.isArray(parts) ? parts : []) {
        const part = asObject(entry);
        if (typeof part.text === 'string' && part.thought !== true) sink.onText(part.text);
      }
      if (typeof candidate.finishReason === 'string') finishReason = candidate.finishReason;
      if (chunk.usageMetadata) usage = mapGoogleUsage(chunk.usageMetadata);
    }
  }
  if (finishReason === undefined) throw badOutput('google stream ended before a finishReason');
  if (!FINISHED_WELL.has(finishReason))
    throw refused(`google stopped the answer (finishReason: ${finishReason})`);
  const notes = finishReason === 'MAX_TOKENS' ? ['the answer stopped at the token limit (MAX_TOKENS)'] : [];
  return { usage, finishReason, notes };
}

/** Gemini's promptTokenCount INCLUDES cachedContentTokenCount; thinking tokens are billed as output. */
export function mapGoogleUsage(value: unknown): TokenUsage {
  const usage = asObject(value);
  const prompt = asNumber(usage.promptTokenCount) + asNumber(usage.toolUsePromptTokenCount);
  const cached = Math.min(prompt, asNumber(usage.cachedContentTokenCount));
  const output = asNumber(usage.candidatesTokenCount) + asNumber(usage.thoughtsTokenCount);
  return buildTokenUsage({ input: prompt - cached, cached, output });
}

function refused(message: string): ModelCallFailure {
  return new ModelCallFailure({ kind: 'bad_output', message });
}
