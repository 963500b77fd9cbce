// A fake Anthropic server (Messages API). `url` is the origin, the way ANTHROPIC_BASE_URL expects it.
import { anthropicProtocol } from './anthropic-protocol.ts';
import type { FakeProviderOptions, FakeProviderServer } from './fake-provider-types.ts';
import { startFakeProviderServer } from './start-fake-provider-server.ts';

export function startFakeAnthropicServer(options: FakeProviderOptions = {}): Promise<FakeProviderServer> {
  return startFakeProviderServer({ protocols: [anthropicProtocol], options });
}
