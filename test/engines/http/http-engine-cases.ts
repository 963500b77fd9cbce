// The four HTTP engines with their fake servers, for tests that hold for every one of them.
import type { Engine, EngineCall, EngineIo, TokenUsage } from '../../../src/engines/engine.ts';
import {
  AnthropicEngine,
  type Environment,
  GoogleEngine,
  OllamaEngine,
  OpenAIEngine,
} from '../../../src/engines/http/index.ts';
import {
  type FakeProviderOptions,
  type FakeProviderServer,
  type RecordedRequest,
  startFakeAnthropicServer,
  startFakeGeminiServer,
  startFakeOllamaServer,
  startFakeOpenAIServer,
} from '../../support/fake-providers/index.ts';

export interface HttpEngineCase {
  name: 'ollama' | 'openai' | 'anthropic' | 'google';
  createEngine: (environment?: Environment) => Engine;
  startServer: (options?: FakeProviderOptions) => Promise<FakeProviderServer>;
  /** The key as the server received it. */
  readKey: (request: RecordedRequest) => string | undefined;
  /** What the default fake usage (110 uncached + 10 cached in, 30 out) becomes for this engine. */
  expectedUsage: TokenUsage;
}

const header = (request: RecordedRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
const bearer = (request: RecordedRequest) => header(request, 'authorization')?.replace(/^Bearer /, '');
const splitUsage: TokenUsage = { input_tokens: 110, cached_tokens: 10, output_tokens: 30, total_tokens: 150 };

export const HTTP_ENGINE_CASES: HttpEngineCase[] = [
  {
    name: 'ollama',
    createEngine: (environment = {}) => new OllamaEngine({ environment }),
    startServer: startFakeOllamaServer,
    readKey: bearer,
    // Ollama reports no cache split: every prompt token is input.
    expectedUsage: { input_tokens: 120, cached_tokens: 0, output_tokens: 30, total_tokens: 150 },
  },
  {
    name: 'openai',
    createEngine: (environment = {}) => new OpenAIEngine({ environment }),
    startServer: startFakeOpenAIServer,
    readKey: bearer,
    expectedUsage: splitUsage,
  },
  {
    name: 'anthropic',
    createEngine: (environment = {}) => new AnthropicEngine({ environment }),
    startServer: startFakeAnthropicServer,
    readKey: (request) => header(request, 'x-api-key'),
    expectedUsage: splitUsage,
  },
  {
    name: 'google',
    createEngine: (environment = {}) => new GoogleEngine({ environment }),
    startServer: startFakeGeminiServer,
    readKey: (request) => header(request, 'x-goog-api-key'),
    expectedUsage: splitUsage,
  },
];

/** An EngineCall for `engine` pointed at `server`, with fast retries unless the test says otherwise. */
export function callFor(
  engine: string,
  server: FakeProviderServer,
  fields: Partial<EngineCall> = {},
  settings: Record<string, unknown> = {},
): EngineCall {
  return {
    taskId: 'task',
    engine,
    attempt: 1,
    cwd: process.cwd(),
    env: {},
    prompt: 'Say hello',
    timeoutMs: 20_000,
    ...fields,
    options: {
      base_url: server.url,
      options: { retry_base_delay_ms: 5, ...settings },
      ...fields.options,
    },
  };
}

/** Engine io that records what was streamed. */
export function recordingIo(signal: AbortSignal = new AbortController().signal) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: EngineIo = {
    signal,
    onStdout: (chunk) => {
      stdout.push(chunk);
    },
    onStderr: (chunk) => {
      stderr.push(chunk);
    },
  };
  return { io, stdout, stderr };
}
