// The `google` engine: one call to the Gemini API, streamed. Endpoint: `base_url`, else
// GOOGLE_GEMINI_BASE_URL, else https://generativelanguage.googleapis.com. Key (sent as x-goog-api-key):
// the variable named by `api_key_env`, else GEMINI_API_KEY, else GOOGLE_API_KEY. Default model:
// gemini-2.5-flash.
import type { HttpEngineSettings } from '../http-engine-settings.ts';
import { HttpModelEngine } from '../http-model-engine.ts';
import type { HttpEngineProfile } from '../resolve-model-call.ts';
import { prepareGoogleCall } from './google-request.ts';

export const GOOGLE_PROFILE: HttpEngineProfile = {
  engine: 'google',
  defaultModel: 'gemini-2.5-flash',
  baseUrlVariable: 'GOOGLE_GEMINI_BASE_URL',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  apiKeyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
};

export class GoogleEngine extends HttpModelEngine {
  constructor(settings: HttpEngineSettings = {}) {
    super(GOOGLE_PROFILE, prepareGoogleCall, settings);
  }
}
