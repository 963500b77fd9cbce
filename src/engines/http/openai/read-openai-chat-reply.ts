// Reads a streamed Chat Completion: `data: <chunk>` events with `choices[0].delta.content`, a finish_reason,
// a usage chunk (include_usage) and `data: [DONE]`. A stream that ends with neither [DONE] nor a
// finish_reason was cut. A server that ignored `stream: true` and sent one JSON completion is read too.
import type { TokenUsage } from '../../engine.ts';
import { failureFromProviderError } from '../failure-from-provider-error.ts';
import { badOutput } from '../model-call-failure.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import type { ModelReply, ReplySink } from '../model-reply.ts';
import { asObject, parseJsonText } from '../parse-json-text.ts';
import { readSseEvents } from '../read-sse-events.ts';
import { mapChatUsage } from './map-openai-usage.ts';

export async function readOpenAIChatReply(response: ModelHttpResponse, sink: ReplySink): Promise<ModelReply> {
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    return readWholeCompletion(await response.text(), sink);
  }
  let usage: TokenUsage | undefined;
  let finishReason: string | undefined;
  let isDone = false;
  for await (const events of readSseEvents(response.body, sink.onActivity)) {
    for (const event of events) {
      if (isDone) continue;
      if (event.data === '[DONE]') {
        isDone = true;
        continue;
      }
      const chunk = asObject(parseJsonText(event.data, 'openai stream chunk'));
      // Some servers (Foundry Local) send `"error": null` in every chunk.
      if (chunk.error != null) throw failureFromProviderError('openai', chunk.error);
      if (chunk.usage) usage = mapChatUsage(chunk.usage);
      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      for (const entry of choices) {
        const choice = asObject(entry);
        if ((choice.index ?? 0) !== 0) continue;
        const content = asObject(choice.delta).content;
        if (typeof content === 'string') sink.onText(content);
        if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
      }
    }
  }
  if (!isDone && finishReason === undefined)
    throw badOutput('openai stream ended before the reply was complete');
  return { usage, finishReason, notes: finishNotes(finishReason) };
}

function readWholeCompletion(text: string, sink: ReplySink): ModelReply {
  sink.onActivity();
  const completion = asObject(parseJsonText(text, 'openai completion'));
  if (completion.error != null) throw failureFromProviderError('openai', completion.error);
  const choice = asObject(Array.isArray(completion.choices) ? completion.choices[0] : undefined);
  const content = asObject(choice.message).content;
  if (typeof content === 'string') sink.onText(content);
  const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined;
  return {
    usage: completion.usage ? mapChatUsage(completion.usage) : undefined,
    finishReason,
    notes: finishNotes(finishReason),
  };
}

function finishNotes(finishReason: string | undefined): string[] {
  return finishReason === 'length' ? ['the answer stopped at the token limit (finish_reason: length)'] : [];
}
