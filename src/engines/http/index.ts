/**
 * @module
 * The HTTP model engines: `ollama` (native /api/chat), `openai` (Chat Completions or the Responses API, any
 * OpenAI-compatible server), `anthropic` (Messages) and `google` (Gemini). Each turns one EngineCall into
 * one streamed model call: text goes to `io.onStdout` as it arrives, usage is reported without double
 * counting, 429/408/5xx are retried within the call (Retry-After honoured), and abort, timeout and stalled
 * streams close the connection. Plan settings: see `http-engine-options.ts`.
 *
 * @example
 * const engine = new OpenAIEngine();
 * const outcome = await engine.run(
 *   { taskId: 't', engine: 'openai', attempt: 1, cwd: '.', env: {}, prompt: 'Hi', options: { base_url: 'http://127.0.0.1:8000/v1' } },
 *   { signal: AbortSignal.timeout(60_000), onStdout: (text) => process.stdout.write(text) },
 * );
 */
export { ANTHROPIC_PROFILE, AnthropicEngine } from './anthropic/anthropic-engine.ts';
export { describeEndpoint } from './describe-endpoint.ts';
export { GOOGLE_PROFILE, GoogleEngine } from './google/google-engine.ts';
export type {
  EngineControlOptions,
  HttpEngineOptions,
  ModelParameterOptions,
} from './http-engine-options.ts';
export type { HttpEngineSettings } from './http-engine-settings.ts';
export { OLLAMA_PROFILE, OllamaEngine } from './ollama/ollama-engine.ts';
export { OPENAI_PROFILE, OpenAIEngine } from './openai/openai-engine.ts';
export type { Environment, HttpEngineProfile } from './resolve-model-call.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
