// A fake OpenAI server: Chat Completions and the Responses API on one port. `url` ends in `/v1`, the way
// OPENAI_BASE_URL, codex's `base_url` and Copilot's COPILOT_PROVIDER_BASE_URL expect it.
import type { FakeProviderOptions, FakeProviderServer } from './fake-provider-types.ts';
import { openaiChatProtocol } from './openai-chat-protocol.ts';
import { openaiResponsesProtocol } from './openai-responses-protocol.ts';
import { startFakeProviderServer } from './start-fake-provider-server.ts';

export function startFakeOpenAIServer(options: FakeProviderOptions = {}): Promise<FakeProviderServer> {
  return startFakeProviderServer({
    protocols: [openaiChatProtocol, openaiResponsesProtocol],
    options,
    basePath: '/v1',
  });
}
