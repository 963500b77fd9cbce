// The Responses API (`POST {base}/responses`, streamed), chosen with `options.api: responses`. The system
// prompt goes in `instructions`; nothing is stored (`store: false`) unless the options say otherwise.
import { ignoredParameterNotes } from '../ignored-parameter-notes.ts';
import type { ResolvedModelCall } from '../resolve-model-call.ts';
import type { PreparedModelCall } from '../run-model-call.ts';
import { isStrictJsonSchema } from './is-strict-json-schema.ts';
import { openaiHeaders } from './openai-headers.ts';
import { readOpenAIResponsesReply } from './read-openai-responses-reply.ts';

export function prepareOpenAIResponsesCall(resolved: ResolvedModelCall): PreparedModelCall {
  const { parameters } = resolved;
  const body: Record<string, unknown> = {
    store: false,
    ...resolved.extra,
    model: resolved.model,
    input: [{ role: 'user', content: [{ type: 'input_text', text: resolved.prompt }] }],
    stream: true,
  };
  if (resolved.system) body.instructions = resolved.system;
  if (parameters.temperature !== undefined) body.temperature = parameters.temperature;
  if (parameters.topP !== undefined) body.top_p = parameters.topP;
  if (parameters.maxTokens !== undefined) body.max_output_tokens = parameters.maxTokens;
  if (resolved.reasoningEffort !== undefined) body.reasoning = { effort: resolved.reasoningEffort };
  if (resolved.outputSchema) {
    const schema = resolved.outputSchema;
    const strict = resolved.strictSchema ?? isStrictJsonSchema(schema);
    body.text = { format: { type: 'json_schema', name: 'output', schema, strict } };
  }
  return {
    request: { url: `${resolved.baseUrl}/responses`, headers: openaiHeaders(resolved.apiKey), body },
    readReply: readOpenAIResponsesReply,
    variant: 'responses',
    notes: ignoredParameterNotes(
      parameters,
      ['seed', 'stop', 'topK', 'numCtx', 'keepAlive'],
      'the Responses API',
    ),
  };
}
