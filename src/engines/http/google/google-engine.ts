// The `google` engine: one call to the Gemini API, streamed. Endpoint: `base_url`, else
// GOOGLE_GEMINI_BASE_URL, else https://generativelanguage.googleapis.com. Key (sent as x-goog-api-key):
// the variable named by `api_key_env`, else GEMINI_API_KEY, else GOOGLE_API_KEY. Default model:
// gemini-2.5-flash.
import type { Engine, EngineCall, EngineCapabilities, EngineIo, EngineOutcome } from '../../engine.ts';
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import type { Environment, HttpEngineProfile } from '../resolve-model-call.ts';
import { runModelCall } from '../run-model-call.ts';
import { prepareGoogleCall } from './google-request.ts';

export const GOOGLE_PROFILE: HttpEngineProfile = {
  engine: 'google',
  defaultModel: 'gemini-2.5-flash',
  baseUrlVariable: 'GOOGLE_GEMINI_BASE_URL',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  apiKeyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
};

export class GoogleEngine implements Engine {
  readonly name = 'google';
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
      profile: GOOGLE_PROFILE,
      environment: this.#environment,
      prepare: prepareGoogleCall,
    });
  }
}
