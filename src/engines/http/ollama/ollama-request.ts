// Ollama's native chat API (`POST {host}/api/chat`, NDJSON stream). Sampling settings go in `options`
// (max_tokens becomes num_predict) with `num_ctx` always set; `keep_alive` and `think` stay at the top
// level; a JSON schema becomes `format`. Unknown options go into `options` as they are (repeat_penalty,
// min_p, num_gpu, ...).
import type { ResolvedModelCall } from '../resolve-model-call.ts';
import type { PreparedModelCall } from '../run-model-call.ts';
import { chooseOllamaContextSize } from './choose-ollama-context-size.ts';
import { readOllamaReply } from './read-ollama-reply.ts';

const TOP_LEVEL_KEYS = new Set(['think']);

export function prepareOllamaCall(resolved: ResolvedModelCall): PreparedModelCall {
  const { parameters } = resolved;
  const topLevel: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved.extra)) {
    if (TOP_LEVEL_KEYS.has(key)) topLevel[key] = value;
    else options[key] = value;
  }
  const promptCharacters = resolved.prompt.length + (resolved.system?.length ?? 0);
  const numCtx = parameters.numCtx ?? chooseOllamaContextSize(promptCharacters, parameters.maxTokens);
  options.num_ctx = numCtx;
  if (parameters.temperature !== undefined) options.temperature = parameters.temperature;
  if (parameters.topP !== undefined) options.top_p = parameters.topP;
  if (parameters.topK !== undefined) options.top_k = parameters.topK;
  if (parameters.seed !== undefined) options.seed = parameters.seed;
  if (parameters.maxTokens !== undefined) options.num_predict = parameters.maxTokens;
  if (parameters.stop !== undefined) options.stop = parameters.stop;

  const messages: { role: string; content: string }[] = [];
  if (resolved.system) messages.push({ role: 'system', content: resolved.system });
  messages.push({ role: 'user', content: resolved.prompt });
  const body: Record<string, unknown> = {
    ...topLevel,
    model: resolved.model,
    messages,
    stream: true,
    options,
  };
  if (parameters.keepAlive !== undefined) body.keep_alive = parameters.keepAlive;
  if (resolved.outputSchema) body.format = resolved.outputSchema;
  if (resolved.reasoningEffort) {
    body.think = resolved.reasoningEffort === 'none' ? false : resolved.reasoningEffort;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/x-ndjson',
  };
  if (resolved.apiKey) headers.authorization = `Bearer ${resolved.apiKey}`;
  return {
    request: { url: `${resolved.baseUrl}/api/chat`, headers, body },
    readReply: (response, sink) => readOllamaReply(response, sink, numCtx),
  };
}
