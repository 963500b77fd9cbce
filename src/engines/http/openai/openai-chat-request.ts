// Chat Completions (`POST {base}/chat/completions`, streamed with include_usage): the default API of the
// openai engine, understood by OpenAI and every compatible server (vLLM, llama.cpp server, LM Studio,
// Ollama /v1). Unknown options go into the request body as they are (e.g. `max_completion_tokens`,
// `repetition_penalty` for vLLM).
import { ignoredParameterNotes } from '../ignored-parameter-notes.ts';
import type { ResolvedModelCall } from '../resolve-model-call.ts';
import type { PreparedModelCall } from '../run-model-call.ts';
import { isStrictJsonSchema } from './is-strict-json-schema.ts';
import { openaiHeaders } from './openai-headers.ts';
import { readOpenAIChatReply } from './read-openai-chat-reply.ts';

export function prepareOpenAIChatCall(resolved: ResolvedModelCall): PreparedModelCall {
  const { parameters } = resolved;
  const messages: { role: string; content: string }[] = [];
  if (resolved.system) messages.push({ role: 'system', content: resolved.system });
  messages.push({ role: 'user', content: resolved.prompt });
  const body: Record<string, unknown> = {
    ...resolved.extra,
    model: resolved.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (parameters.temperature !== undefined) body.temperature = parameters.temperature;
  if (parameters.topP !== undefined) body.top_p = parameters.topP;
  if (parameters.topK !== undefined) body.top_k = parameters.topK;
  if (parameters.seed !== undefined) body.seed = parameters.seed;
  if (parameters.maxTokens !== undefined) body.max_tokens = parameters.maxTokens;
  if (parameters.stop !== undefined) body.stop = parameters.stop;
  if (resolved.reasoningEffort !== undefined) body.reasoning_effort = resolved.reasoningEffort;
  if (resolved.outputSchema) {
    const schema = resolved.outputSchema;
    const strict = resolved.strictSchema ?? isStrictJsonSchema(schema);
    body.response_format = { type: 'json_schema', json_schema: { name: 'output', schema, strict } };
  }
  return {
    request: { url: `${resolved.baseUrl}/chat/completions`, headers: openaiHeaders(resolved.apiKey), body },
    readReply: readOpenAIChatReply,
    notes: ignoredParameterNotes(parameters, ['numCtx', 'keepAlive'], 'Chat Completions'),
  };
}
