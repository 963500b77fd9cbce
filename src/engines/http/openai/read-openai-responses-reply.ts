// Reads a streamed Responses API reply: `response.output_text.delta` events carry the text,
// `response.completed` (or `response.incomplete`) ends it with usage, `response.failed` and `error`
// events carry failures. A stream without a closing event was cut.
import type { TokenUsage } from '../../engine.ts';
import { failureFromProviderError } from '../failure-from-provider-error.ts';
import { badOutput } from '../model-call-failure.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import type { ModelReply, ReplySink } from '../model-reply.ts';
import { asObject, parseJsonText } from '../parse-json-text.ts';
import { readSseEvents } from '../read-sse-events.ts';
import { mapResponsesUsage } from './map-openai-usage.ts';

export async function readOpenAIResponsesReply(
  response: ModelHttpResponse,
  sink: ReplySink,
): Promise<ModelReply> {
  let usage: TokenUsage | undefined;
  let finishReason: string | undefined;
  const notes: string[] = [];
  for await (const events of readSseEvents(response.body, sink.onActivity)) {
    for (const event of events) {
      if (finishReason !== undefined) continue;
      const data = asObject(parseJsonText(event.data, 'openai responses event'));
      const type = typeof data.type === 'string' ? data.type : event.event;
      if (type === 'response.output_text.delta') {
        if (typeof data.delta === 'string') sink.onText(data.delta);
      } else if (type === 'response.completed' || type === 'response.incomplete') {
        const result = asObject(data.response);
        if (result.usage) usage = mapResponsesUsage(result.usage);
        finishReason = String(result.status ?? type.slice('response.'.length));
        const reason = asObject(result.incomplete_details).reason;
        if (type === 'response.incomplete')
          notes.push(`the answer is incomplete (${String(reason ?? 'unknown reason')})`);
      } else if (type === 'response.failed') {
        throw failureFromProviderError('openai', asObject(data.response).error ?? data);
      } else if (type === 'error') {
        throw failureFromProviderError('openai', data.error ?? data);
      }
    }
  }
  if (finishReason === undefined) throw badOutput('openai stream ended before response.completed');
  return { usage, finishReason, notes };
}
