// Constructor settings shared by the HTTP engines (not part of an EngineCall).
import type { Environment } from './resolve-model-call.ts';

export interface HttpEngineSettings {
  /**
   * Where API keys and endpoint variables (OPENAI_API_KEY, OLLAMA_HOST, ...) are read from.
   * @default process.env
   */
  environment?: Environment;
}
