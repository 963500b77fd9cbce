// The `anthropic` engine: one call to the Messages API, streamed. Endpoint: `base_url`, else
// ANTHROPIC_BASE_URL, else https://api.anthropic.com. Key (sent as x-api-key): the variable named by
// `api_key_env`, else ANTHROPIC_API_KEY. Default model: claude-sonnet-4-5.
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import { HttpModelEngine } from '../http-model-engine.ts';
import type { HttpEngineProfile } from '../resolve-model-call.ts';
import { prepareAnthropicCall } from './anthropic-request.ts';

export const ANTHROPIC_PROFILE: HttpEngineProfile = {
  engine: 'anthropic',
  defaultModel: 'claude-sonnet-4-5',
  baseUrlVariable: 'ANTHROPIC_BASE_URL',
  defaultBaseUrl: 'https://api.anthropic.com',
  apiKeyVariables: ['ANTHROPIC_API_KEY'],
};

export class AnthropicEngine extends HttpModelEngine {
  constructor(settings: HttpEngineSettings = {}) {
    super(ANTHROPIC_PROFILE, prepareAnthropicCall, settings);
  }
}
