// What a plan can set for an HTTP engine, in `defaults.<engine>` or a task's `engine_options`:
//
//   defaults:
//     openai:
//       model: gpt-4.1-mini            # else the engine's default model
//       base_url: http://127.0.0.1:8000/v1   # else the engine's environment variable, else the public API
//       api_key_env: MY_KEY_VARIABLE   # else OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY, GOOGLE_API_KEY
//       options: {temperature: 0, seed: 7, max_tokens: 800}
//
// Keys of `options` (a task's `engine_options` may also hold them directly):

/** Portable sampling settings, translated to each provider's own names. */
export interface ModelParameterOptions {
  temperature?: number;
  top_p?: number;
  /** Not in OpenAI's API (sent anyway for vLLM/llama.cpp servers when set). */
  top_k?: number;
  /** OpenAI chat, Gemini, Ollama; the Responses API and Anthropic have none (a note says it is ignored). */
  seed?: number;
  /** The answer's token limit. Anthropic requires one. @default 8192 for anthropic, else the server's default */
  max_tokens?: number;
  stop?: string | string[];
  /** Ollama's context window; always sent. @default 8192, doubled until the prompt estimate and reply fit */
  num_ctx?: number;
  /** Ollama: how long the model stays loaded, e.g. `"10m"` or seconds. */
  keep_alive?: string | number;
}

/** Settings of the engine itself, never sent to the provider. */
export interface EngineControlOptions {
  /** openai only: `chat` (Chat Completions, every compatible server) or `responses`. @default 'chat' */
  api?: 'chat' | 'responses';
  /**
   * openai only: send `strict: true` with the JSON schema. @default true when every object in the schema
   * lists all its properties as required and sets `additionalProperties: false` (what strict mode needs)
   */
  strict_schema?: boolean;
  /** Retries of a 429, 408 or 5xx answer within one engine call. @default 3 */
  max_retries?: number;
  /** First backoff, doubled per retry with jitter; a Retry-After header replaces it. @default 500 */
  retry_base_delay_ms?: number;
  /** Longest wait; a longer Retry-After ends the call as rate_limited at once. @default 20000 */
  retry_max_delay_ms?: number;
  /** A call that receives no bytes for this long fails with kind `timeout`. @default 300000 */
  stall_timeout_ms?: number;
}

/** Any other key is passed through to the provider in its natural place (see each engine's request module). */
export type HttpEngineOptions = ModelParameterOptions & EngineControlOptions & Record<string, unknown>;

/** Keys of `defaults.<engine>` that are plan settings, not engine options. */
export const PLAN_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'model',
  'reasoning_effort',
  'args',
  'append_system_prompt',
  'escalation',
  'fallback_engine',
  'fallback_model',
  'context_model',
  'allowed_tools',
  'base_url',
  'api_key_env',
  'binary',
  'options',
  'pricing',
]);

export const CONTROL_KEYS: ReadonlySet<string> = new Set([
  'api',
  'strict_schema',
  'max_retries',
  'retry_base_delay_ms',
  'retry_max_delay_ms',
  'stall_timeout_ms',
]);

export const PARAMETER_KEYS: ReadonlySet<string> = new Set([
  'temperature',
  'top_p',
  'top_k',
  'seed',
  'max_tokens',
  'stop',
  'num_ctx',
  'keep_alive',
]);

export const DEFAULT_STALL_TIMEOUT_MS = 300_000;
