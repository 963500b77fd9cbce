// A fake Gemini API server. `url` is the origin, the way GOOGLE_GEMINI_BASE_URL expects it (clients add
// `/v1beta/models/...`).
import type { FakeProviderOptions, FakeProviderServer } from './fake-provider-types.ts';
import { geminiProtocol } from './gemini-protocol.ts';
import { startFakeProviderServer } from './start-fake-provider-server.ts';

export function startFakeGeminiServer(options: FakeProviderOptions = {}): Promise<FakeProviderServer> {
  return startFakeProviderServer({ protocols: [geminiProtocol], options });
}
