// The Messages API (`POST {base}/v1/messages`, streamed). `max_tokens` is required by the API, so it
// defaults to 8192. A JSON schema goes in `output_config.format` (structured outputs); reasoning effort in
// `output_config.effort`. Unknown options go into the request body as they are (e.g. `thinking`,
// `metadata`).
import { ignoredParameterNotes } from '../ignored-parameter-notes.ts';
import { asObject } from '../parse-json-text.ts';
import type { ResolvedModelCall } from '../resolve-model-call.ts';
import type { PreparedModelCall } from '../run-model-call.ts';
import { readAnthropicReply } from './read-anthropic-reply.ts';

export const ANTHROPIC_VERSION = '2023-06-01';
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 8192;

export function prepareAnthropicCall(resolved: ResolvedModelCall): PreparedModelCall {
  const { parameters } = resolved;
  const body: Record<string, unknown> = {
    ...resolved.extra,
    model: resolved.model,
    max_tokens: parameters.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages: [{ role: 'user', content: resolved.prompt }],
    stream: true,
  };
  if (resolved.system) body.system = resolved.system;
  if (parameters.temperature !== undefined) body.temperature = parameters.temperature;
  if (parameters.topP !== undefined) body.top_p = parameters.topP;
  if (parameters.topK !== undefined) body.top_k = parameters.topK;
  if (parameters.stop !== undefined) body.stop_sequences = parameters.stop;
  if (resolved.outputSchema || resolved.reasoningEffort) {
    const outputConfig: Record<string, unknown> = { ...asObject(resolved.extra.output_config) };
    if (resolved.outputSchema) outputConfig.format = { type: 'json_schema', schema: resolved.outputSchema };
    if (resolved.reasoningEffort) outputConfig.effort = resolved.reasoningEffort;
    body.output_config = outputConfig;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (resolved.apiKey) headers['x-api-key'] = resolved.apiKey;
  const versioned = /\/v1$/.test(resolved.baseUrl) ? resolved.baseUrl : `${resolved.baseUrl}/v1`;
  return {
    request: { url: `${versioned}/messages`, headers, body },
    readReply: readAnthropicReply,
    notes: ignoredParameterNotes(parameters, ['seed', 'numCtx', 'keepAlive'], 'the Messages API'),
  };
}
