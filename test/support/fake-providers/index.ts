/**
 * @module
 * Local servers that speak the model providers' real wire protocols, for tests, benchmarks and for
 * pointing real agent CLIs at. Each binds 127.0.0.1 on a free port, never keeps the test process alive,
 * closes itself when idle (60 s) or old (10 min), and records every request.
 *
 * | starter | protocols | `url` (what the client is configured with) |
 * | --- | --- | --- |
 * | `startFakeOpenAIServer` | Chat Completions (stream / non-stream), Responses API SSE, `GET /v1/models` | `http://127.0.0.1:PORT/v1` |
 * | `startFakeAnthropicServer` | Messages SSE / JSON (`/v1/messages[?beta=true]`), `HEAD /`, count_tokens, models | `http://127.0.0.1:PORT` |
 * | `startFakeGeminiServer` | `:streamGenerateContent?alt=sse`, `:generateContent`, `:countTokens`, models | `http://127.0.0.1:PORT` |
 * | `startFakeOllamaServer` | `/api/chat` NDJSON, `/api/tags`, `/api/version`, `/api/show`, `/api/ps`, `/v1/chat/completions` | `http://127.0.0.1:PORT` |
 *
 * Answers follow the trigger-word convention of shared/reference/agent-clis.md: a last user text holding
 * `WRITE_FILE` (or `RUN_SHELL`, `RUN_BASH`, `APPLY_PATCH`, `CALL_MCP`) gets a call of a fitting tool the
 * request offers (`write_file`/`Write`/`write`/`create`, `exec_command`/`run_shell_command`/`Bash`,
 * `apply_patch` as a custom tool call, `mcp__*`), with the argument names read from the tool's schema;
 * once a tool result comes back the answer is `DONE: file written`. A request that asks for JSON
 * (`response_format`, `text.format`, `output_config.format`, `responseJsonSchema`, Ollama `format`) gets
 * a JSON sample of the schema. Anything else gets `reply` (default `Hello from the fake model`).
 *
 * Usage is given in Maestro's meaning (`{inputTokens: 110, cachedTokens: 10, outputTokens: 30}` by default)
 * and encoded the provider's way: OpenAI/Gemini/Ollama prompt counts include the cached tokens, Anthropic's
 * `input_tokens` exclude them.
 *
 * @example
 * const server = await startFakeOpenAIServer({ reply: 'hi', script: ['429', undefined, 'cut'] });
 * // first request: 429 with Retry-After: 1; second: 'hi'; third: the stream is cut mid-way
 * await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify({...}) });
 * server.requests[0].body; server.requests[1].receivedAt; await server.close();
 *
 * Standalone (for CLIs in other processes): `node --import tsx test/support/fake-providers/serve-fake-provider.ts openai --port 0`
 * prints `{"url": ..., "port": ...}` on stdout and serves until SIGTERM or idle.
 */
export { anthropicProtocol } from './anthropic-protocol.ts';
export { DEFAULT_REPLY_TEXT, DEFAULT_WRITE_FILE, TOOL_DONE_TEXT } from './decide-fake-answer.ts';
export type {
  FakeAnswer,
  FakeConversation,
  FakeProtocol,
  FakeResponse,
  FakeToolInfo,
} from './fake-protocol.ts';
export type {
  FakeFault,
  FakeFaultShorthand,
  FakeProviderOptions,
  FakeProviderServer,
  FakeStep,
  FakeUsage,
  RecordedRequest,
} from './fake-provider-types.ts';
export { geminiProtocol } from './gemini-protocol.ts';
export { ollamaProtocol } from './ollama-protocol.ts';
export { openaiChatProtocol } from './openai-chat-protocol.ts';
export { openaiResponsesProtocol } from './openai-responses-protocol.ts';
export { sampleFromSchema } from './sample-from-schema.ts';
export { startFakeAnthropicServer } from './start-fake-anthropic-server.ts';
export { startFakeGeminiServer } from './start-fake-gemini-server.ts';
export { startFakeOllamaServer } from './start-fake-ollama-server.ts';
export { startFakeOpenAIServer } from './start-fake-openai-server.ts';
export { DEFAULT_FAKE_USAGE, startFakeProviderServer } from './start-fake-provider-server.ts';
