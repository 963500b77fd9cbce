// The `anthropic` engine: one call to the Messages API, streamed. Endpoint: `base_url`, else
// ANTHROPIC_BASE_URL, else https://api.anthropic.com. Key (sent as x-api-key): the variable named by
// `api_key_env`, else ANTHROPIC_API_KEY. Default model: claude-sonnet-4-5.
import type { Engine, EngineCall, EngineCapabilities, EngineIo, EngineOutcome } from '../../engine.ts';
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import type { Environment, HttpEngineProfile } from '../resolve-model-call.ts';
import { runModelCall } from '../run-model-call.ts';
import { prepareAnthropicCall } from './anthropic-request.ts';

export const ANTHROPIC_PROFILE: HttpEngineProfile = {
  engine: 'anthropic',
  defaultModel: 'claude-sonnet-4-5',
  baseUrlVariable: 'ANTHROPIC_BASE_URL',
  defaultBaseUrl: 'https://api.anthropic.com',
  apiKeyVariables: ['ANTHROPIC_API_KEY'],
};

export class AnthropicEngine implements Engine {
  readonly name = 'anthropic';
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
      profile: ANTHROPIC_PROFILE,
      environment: this.#environment,
      prepare: prepareAnthropicCall,
    });
  }
}
