// The Gemini API (`POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse`). Sampling settings,
// the JSON schema (`responseJsonSchema` with `responseMimeType: application/json`) and reasoning effort
// (`thinkingConfig`) go in `generationConfig`. Unknown options go into generationConfig too, except the
// request-level keys `safetySettings`, `cachedContent`, `labels` and `toolConfig`.

import { ignoredParameterNotes } from '../ignored-parameter-notes.ts';
import type { ResolvedModelCall } from '../resolve-model-call.ts';
import type { PreparedModelCall } from '../run-model-call.ts';
import { readGoogleReply } from './read-google-reply.ts';

const REQUEST_LEVEL_KEYS = new Set(['safetySettings', 'cachedContent', 'labels', 'toolConfig']);

export function prepareGoogleCall(resolved: ResolvedModelCall): PreparedModelCall {
  const { parameters } = resolved;
  const requestLevel: Record<string, unknown> = {};
  const generationConfig: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved.extra)) {
    if (REQUEST_LEVEL_KEYS.has(key)) requestLevel[key] = value;
    else generationConfig[key] = value;
  }
  if (parameters.temperature !== undefined) generationConfig.temperature = parameters.temperature;
  if (parameters.topP !== undefined) generationConfig.topP = parameters.topP;
  if (parameters.topK !== undefined) generationConfig.topK = parameters.topK;
  if (parameters.seed !== undefined) generationConfig.seed = parameters.seed;
  if (parameters.maxTokens !== undefined) generationConfig.maxOutputTokens = parameters.maxTokens;
  if (parameters.stop !== undefined) generationConfig.stopSequences = parameters.stop;
  if (resolved.outputSchema) {
    generationConfig.responseMimeType = 'application/json';
    generationConfig.responseJsonSchema = resolved.outputSchema;
  }
  if (resolved.reasoningEffort) {
    generationConfig.thinkingConfig =
      resolved.reasoningEffort === 'none'
        ? { thinkingBudget: 0 }
        : { thinkingLevel: resolved.reasoningEffort };
  }
  const body: Record<string, unknown> = {
    ...requestLevel,
    contents: [{ role: 'user', parts: [{ text: resolved.prompt }] }],
  };
  if (resolved.system) body.systemInstruction = { parts: [{ text: resolved.system }] };
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (resolved.apiKey) headers['x-goog-api-key'] = resolved.apiKey;
  const versioned = /\/v1(beta|alpha)?$/.test(resolved.baseUrl)
    ? resolved.baseUrl
    : `${resolved.baseUrl}/v1beta`;
  const model = encodeURIComponent(resolved.model.replace(/^models\//, ''));
  return {
    request: { url: `${versioned}/models/${model}:streamGenerateContent?alt=sse`, headers, body },
    readReply: readGoogleReply,
    notes: ignoredParameterNotes(parameters, ['numCtx', 'keepAlive'], 'the Gemini API'),
  };
}
