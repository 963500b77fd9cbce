// The `openai` engine: one model call to OpenAI or any OpenAI-compatible server (vLLM, llama.cpp server,
// LM Studio, Ollama /v1) over Chat Completions, or over the Responses API with `options.api: responses`.
// Endpoint: `base_url`, else OPENAI_BASE_URL, else https://api.openai.com/v1. Key: the variable named by
// `api_key_env`, else OPENAI_API_KEY (none is sent when unset, for keyless local servers).
// Default model: gpt-4.1-mini.
import type { Engine, EngineCall, EngineCapabilities, EngineIo, EngineOutcome } from '../../engine.ts';
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import type { Environment, HttpEngineProfile } from '../resolve-model-call.ts';
import { runModelCall } from '../run-model-call.ts';
import { prepareOpenAIChatCall } from './openai-chat-request.ts';
import { prepareOpenAIResponsesCall } from './openai-responses-request.ts';

export const OPENAI_PROFILE: HttpEngineProfile = {
  engine: 'openai',
  defaultModel: 'gpt-4.1-mini',
  baseUrlVariable: 'OPENAI_BASE_URL',
  defaultBaseUrl: 'https://api.openai.com/v1',
  apiKeyVariables: ['OPENAI_API_KEY'],
};

export class OpenAIEngine implements Engine {
  readonly name = 'openai';
  // A plain model call has no tools, so there is no grant to enforce; `allowed_tools` is refused.
  readonly capabilities: EngineCapabilities = { toolGrants: false, structuredOutput: true };
  readonly #environment: Environment;

  constructor(settings: HttpEngineSettings = {}) {
    this.#environment = settings.environment ?? process.env;
  }

  run(call: EngineCall, io: EngineIo): Promise<EngineOutcome> {
    return runModelCall({
      call,
      io,
      profile: OPENAI_PROFILE,
      environment: this.#environment,
      prepare: (resolved) =>
        resolved.api === 'responses' ? prepareOpenAIResponsesCall(resolved) : prepareOpenAIChatCall(resolved),
    });
  }
}
