// Reads Ollama's NDJSON chat stream: `message.content` pieces, then a line with `done: true` carrying
// prompt_eval_count and eval_count (Ollama has no cache split, so all prompt tokens count as input).
// An `{"error": ...}` line is a failure; a stream without the done line was cut. When the counts fill
// num_ctx, a note warns that Ollama may have dropped part of the prompt.
import type { TokenUsage } from '../../engine.ts';
import { failureFromProviderError } from '../failure-from-provider-error.ts';
import { badOutput } from '../model-call-failure.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import type { ModelReply, ReplySink } from '../model-reply.ts';
import { asNumber, asObject, parseJsonText } from '../parse-json-text.ts';
import { readJsonLines } from '../read-json-lines.ts';
import { buildTokenUsage } from '../token-usage.ts';

export async function readOllamaReply(
  response: ModelHttpResponse,
  sink: ReplySink,
  numCtx: number,
): Promise<ModelReply> {
  let usage: TokenUsage | undefined;
  let finishReason: string | undefined;
  const notes: string[] = [];
  for await (const line of readJsonLines(response.body, sink.onActivity)) {
    if (finishReason !== undefined) continue;
    const chunk = asObject(parseJsonText(line, 'ollama stream line'));
    if (chunk.error != null) throw failureFromProviderError('ollama', chunk.error);
    const content = asObject(chunk.message).content;
    if (typeof content === 'string') sink.onText(content);
    if (chunk.done === true) {
      finishReason = typeof chunk.done_reason === 'string' ? chunk.done_reason : 'stop';
      const prompt = asNumber(chunk.prompt_eval_count);
      const output = asNumber(chunk.eval_count);
      usage = buildTokenUsage({ input: prompt, cached: 0, output });
      if (prompt + output >= numCtx) {
        notes.push(
          `prompt and answer filled num_ctx (${numCtx} tokens); Ollama may have dropped part of the prompt`,
        );
      }
      if (finishReason === 'length')
        notes.push('the answer stopped at the token limit (done_reason: length)');
    }
  }
  if (finishReason === undefined) throw badOutput('ollama stream ended before the done line');
  return { usage, finishReason, notes };
}
