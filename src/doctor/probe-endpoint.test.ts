import { describe, expect, it } from 'vitest';
import { probeEndpoint } from './probe-endpoint.ts';

describe('probeEndpoint', () => {
  it('never shows credentials, even of a base URL that parses without a host', async () => {
    // `user:secret@proxy/v1` parses as a URL of scheme `user:` whose path holds the secret.
    for (const baseUrl of ['user:sk-live-4711@proxy/v1', 'htps://user:sk-live-4711@proxy.example/v1']) {
      const probe = await probeEndpoint({ baseUrl, path: '/models', timeoutMs: 500 });
      expect(probe.reachable).toBe(false);
      expect(probe.url).not.toContain('sk-live-4711');
      expect(probe.url).toContain('proxy');
    }
  });
});
