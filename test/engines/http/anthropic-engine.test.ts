// The anthropic engine's request on the wire (Messages API) and its cache-aware usage.
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicEngine } from '../../../src/engines/http/index.ts';
import { type FakeProviderServer, startFakeAnthropicServer } from '../../support/fake-providers/index.ts';
import { callFor, recordingIo } from './http-engine-cases.ts';

const servers: FakeProviderServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startFakeAnthropicServer>[0] = {}) {
  const server = await startFakeAnthropicServer(options);
  servers.push(server);
  return server;
}

describe('AnthropicEngine requests', () => {
  it('posts a streamed message with the version header, system, max_tokens and sampling settings', async () => {
    const server = await start();
    const call = callFor(
      'anthropic',
      server,
      { model: 'claude-sonnet-4-5', systemPrompt: 'Be terse.' },
      { temperature: 0.5, top_k: 40, stop: ['STOP'], seed: 1, metadata: { user_id: 'maestro' } },
    );
    const engine = new AnthropicEngine({ environment: { ANTHROPIC_API_KEY: 'sk-ant-test' } });
    const { io, stderr } = recordingIo();
    const outcome = await engine.run(call, io);
    expect(outcome.ok).toBe(true);
    const request = server.modelRequests()[0]!;
    expect(request.pathname).toBe('/v1/messages');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['x-api-key']).toBe('sk-ant-test');
    expect(request.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 8192,
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      system: 'Be terse.',
      temperature: 0.5,
      top_k: 40,
      stop_sequences: ['STOP'],
      metadata: { user_id: 'maestro' },
    });
    expect(stderr.join('')).toContain('option `seed` is ignored: the Messages API has no such setting');
  });

  it('sends output_schema as output_config.format', async () => {
    const server = await start();
    const outputSchema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
    const outcome = await new AnthropicEngine({ environment: {} }).run(
      callFor('anthropic', server, { outputSchema, reasoningEffort: 'low' }),
      recordingIo().io,
    );
    expect(outcome.text).toBe('{"title":"fake"}');
    expect(server.modelRequests()[0]!.body).toMatchObject({
      output_config: { format: { type: 'json_schema', schema: outputSchema }, effort: 'low' },
    });
  });

  it('keeps cache reads and cache writes apart from the uncached input', async () => {
    const server = await start({
      usage: { inputTokens: 7, cachedTokens: 1000, cacheCreationTokens: 200, outputTokens: 12 },
    });
    const outcome = await new AnthropicEngine({ environment: {} }).run(
      callFor('anthropic', server),
      recordingIo().io,
    );
    expect(outcome.usage).toEqual({
      input_tokens: 7,
      cached_tokens: 1000,
      cache_creation_tokens: 200,
      output_tokens: 12,
      total_tokens: 1219,
    });
  });

  it('does not double a /v1 already in base_url', async () => {
    const server = await start();
    const call = callFor('anthropic', server, { options: { base_url: `${server.url}/v1` } });
    await new AnthropicEngine({ environment: {} }).run(call, recordingIo().io);
    expect(server.modelRequests()[0]!.pathname).toBe('/v1/messages');
  });
});
