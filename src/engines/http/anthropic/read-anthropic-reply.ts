// Reads a streamed Messages reply: message_start (usage so far), content_block_delta text_delta (the
// text), message_delta (stop reason, final usage), message_stop (the end); `error` events carry failures.
// A stream without message_stop was cut.
import { failureFromProviderError } from '../failure-from-provider-error.ts';
import { badOutput } from '../model-call-failure.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import type { ModelReply, ReplySink } from '../model-reply.ts';
import { asObject, parseJsonText } from '../parse-json-text.ts';
import { readSseEvents } from '../read-sse-events.ts';
import { buildTokenUsage } from '../token-usage.ts';

export async function readAnthropicReply(response: ModelHttpResponse, sink: ReplySink): Promise<ModelReply> {
  // Anthropic's input_tokens EXCLUDE cache reads and cache writes, so the counts add up without overlap.
  const counts = { input: 0, cached: 0, cacheCreation: 0, output: 0 };
  let hasUsage = false;
  let finishReason: string | undefined;
  let isStopped = false;
  // The counts are cumulative, and message_delta may send null (or 0) for the ones message_start gave:
  // a count only ever grows.
  const takeCount = (part: keyof typeof counts, value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value)) counts[part] = Math.max(counts[part], value);
  };
  const takeUsage = (value: unknown) => {
    const usage = asObject(value);
    if (Object.keys(usage).length === 0) return;
    hasUsage = true;
    takeCount('input', usage.input_tokens);
    takeCount('cached', usage.cache_read_input_tokens);
    takeCount('cacheCreation', usage.cache_creation_input_tokens);
    takeCount('output', usage.output_tokens);
  };
  for await (const events of readSseEvents(response.body, sink.onActivity)) {
    for (const event of events) {
      if (isStopped) continue;
      const data = asObject(parseJsonText(event.data, 'anthropic stream event'));
      switch (data.type ?? event.event) {
        case 'message_start':
          takeUsage(asObject(data.message).usage);
          break;
        case 'content_block_delta': {
          const delta = asObject(data.delta);
          if (delta.type === 'text_delta' && typeof delta.text === 'string') sink.onText(delta.text);
          break;
        }
        case 'message_delta':
          takeUsage(data.usage);
          if (typeof asObject(data.delta).stop_reason === 'string')
            finishReason = asObject(data.delta).stop_reason as string;
          break;
        case 'message_stop':
          isStopped = true;
          break;
        case 'error':
          throw failureFromProviderError('anthropic', data.error ?? data);
      }
    }
  }
  if (!isStopped) throw badOutput('anthropic stream ended before message_stop');
  const notes = finishReason === 'max_tokens' ? ['the answer stopped at max_tokens'] : [];
  if (finishReason === 'refusal') notes.push('the model refused to answer (stop_reason: refusal)');
  return { usage: hasUsage ? buildTokenUsage(counts) : undefined, finishReason, notes };
}
