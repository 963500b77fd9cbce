// A fake Ollama server: the native `/api/*` routes plus the OpenAI-compatible `/v1/chat/completions`
// that Ollama also serves. `url` is the origin, the way OLLAMA_HOST expects it.
import type { FakeProviderOptions, FakeProviderServer } from './fake-provider-types.ts';
import { ollamaProtocol } from './ollama-protocol.ts';
import { openaiChatProtocol } from './openai-chat-protocol.ts';
import { startFakeProviderServer } from './start-fake-provider-server.ts';

export function startFakeOllamaServer(options: FakeProviderOptions = {}): Promise<FakeProviderServer> {
  return startFakeProviderServer({ protocols: [ollamaProtocol, openaiChatProtocol], options });
}
