// The `openai` engine: one model call to OpenAI or any OpenAI-compatible server (vLLM, llama.cpp server,
// LM Studio, Ollama /v1) over Chat Completions, or over the Responses API with `options.api: responses`.
// Endpoint: `base_url`, else OPENAI_BASE_URL, else https://api.openai.com/v1. Key: the variable named by
// `api_key_env`, else OPENAI_API_KEY (none is sent when unset, for keyless local servers).
// Default model: gpt-4.1-mini.
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import { HttpModelEngine } from '../http-model-engine.ts';
import type { HttpEngineProfile } from '../resolve-model-call.ts';
import { prepareOpenAIChatCall } from './openai-chat-request.ts';
import { prepareOpenAIResponsesCall } from './openai-responses-request.ts';

export const OPENAI_PROFILE: HttpEngineProfile = {
  engine: 'openai',
  defaultModel: 'gpt-4.1-mini',
  baseUrlVariable: 'OPENAI_BASE_URL',
  defaultBaseUrl: 'https://api.openai.com/v1',
  apiKeyVariables: ['OPENAI_API_KEY'],
};

export class OpenAIEngine extends HttpModelEngine {
  constructor(settings: HttpEngineSettings = {}) {
    super(
      OPENAI_PROFILE,
      (resolved) =>
        resolved.api === 'responses' ? prepareOpenAIResponsesCall(resolved) : prepareOpenAIChatCall(resolved),
      settings,
    );
  }
}
