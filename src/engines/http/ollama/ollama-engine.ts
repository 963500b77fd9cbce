// The `ollama` engine: one call to Ollama's native /api/chat (not its OpenAI-compatible /v1, which has no
// num_ctx), always with an explicit num_ctx. Endpoint: `base_url`, else OLLAMA_HOST, else
// http://127.0.0.1:11434. No key is needed; `api_key_env` sends one as a bearer token (a proxy or a
// hosted Ollama). Default model: llama3.2.
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import { HttpModelEngine } from '../http-model-engine.ts';
import type { HttpEngineProfile } from '../resolve-model-call.ts';
import { normalizeOllamaHost } from './normalize-ollama-host.ts';
import { prepareOllamaCall } from './ollama-request.ts';

export const OLLAMA_PROFILE: HttpEngineProfile = {
  engine: 'ollama',
  defaultModel: 'llama3.2',
  baseUrlVariable: 'OLLAMA_HOST',
  defaultBaseUrl: 'http://127.0.0.1:11434',
  apiKeyVariables: [],
  normalizeBaseUrl: normalizeOllamaHost,
};

export class OllamaEngine extends HttpModelEngine {
  constructor(settings: HttpEngineSettings = {}) {
    super(OLLAMA_PROFILE, prepareOllamaCall, settings);
  }
}
