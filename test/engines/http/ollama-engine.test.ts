// The ollama engine's request on the wire: native /api/chat with num_ctx always set, sampling settings in
// `options`, keep_alive at the top level, a JSON schema as `format`.
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaEngine } from '../../../src/engines/http/index.ts';
import { type FakeProviderServer, startFakeOllamaServer } from '../../support/fake-providers/index.ts';
import { callFor, recordingIo } from './http-engine-cases.ts';

const servers: FakeProviderServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startFakeOllamaServer>[0] = {}) {
  const server = await startFakeOllamaServer(options);
  servers.push(server);
  return server;
}

describe('OllamaEngine requests', () => {
  it('posts to /api/chat with num_ctx, sampling settings in options and keep_alive on top', async () => {
    const server = await start();
    const call = callFor(
      'ollama',
      server,
      { model: 'qwen2.5-coder:7b', systemPrompt: 'Be terse.', appendSystemPrompt: 'Answer in English.' },
      {
        num_ctx: 16384,
        temperature: 0,
        seed: 42,
        top_p: 0.9,
        max_tokens: 256,
        stop: '###',
        keep_alive: '10m',
        repeat_penalty: 1.1,
      },
    );
    const outcome = await new OllamaEngine({ environment: {} }).run(call, recordingIo().io);
    expect(outcome.ok).toBe(true);
    const request = server.modelRequests()[0]!;
    expect(request.pathname).toBe('/api/chat');
    expect(request.body).toEqual({
      model: 'qwen2.5-coder:7b',
      messages: [
        { role: 'system', content: 'Be terse.\n\nAnswer in English.' },
        { role: 'user', content: 'Say hello' },
      ],
      stream: true,
      keep_alive: '10m',
      options: {
        num_ctx: 16384,
        temperature: 0,
        seed: 42,
        top_p: 0.9,
        num_predict: 256,
        stop: ['###'],
        repeat_penalty: 1.1,
      },
    });
  });

  it('always sets num_ctx: 8192 by default, more for a prompt that would not fit', async () => {
    const server = await start();
    const engine = new OllamaEngine({ environment: {} });
    await engine.run(callFor('ollama', server), recordingIo().io);
    await engine.run(callFor('ollama', server, { prompt: 'x'.repeat(60_000) }), recordingIo().io);
    const sizes = server
      .modelRequests()
      .map((request) => (request.body as { options: { num_ctx: number } }).options.num_ctx);
    expect(sizes).toEqual([8192, 32768]);
  });

  it('sends output_schema as format', async () => {
    const server = await start();
    const outputSchema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    const outcome = await new OllamaEngine({ environment: {} }).run(
      callFor('ollama', server, { outputSchema }),
      recordingIo().io,
    );
    expect(outcome.text).toBe('{"ok":true}');
    expect((server.modelRequests()[0]!.body as { format: unknown }).format).toEqual(outputSchema);
  });

  it('reads OLLAMA_HOST without a scheme when no base_url is given', async () => {
    const server = await start();
    const engine = new OllamaEngine({ environment: { OLLAMA_HOST: `127.0.0.1:${server.port}` } });
    const call = { ...callFor('ollama', server), options: {} };
    const outcome = await engine.run(call, recordingIo().io);
    expect(outcome).toMatchObject({ ok: true, command: `ollama llama3.2 @ http://127.0.0.1:${server.port}` });
  });

  it('warns on stderr when prompt and answer fill num_ctx', async () => {
    const server = await start({ usage: { inputTokens: 2000, cachedTokens: 0, outputTokens: 48 } });
    const { io, stderr } = recordingIo();
    const outcome = await new OllamaEngine({ environment: {} }).run(
      callFor('ollama', server, {}, { num_ctx: 2048 }),
      io,
    );
    expect(outcome.ok).toBe(true);
    expect(stderr.join('')).toContain('filled num_ctx (2048 tokens)');
  });

  it('maps reasoning_effort to think', async () => {
    const server = await start();
    await new OllamaEngine({ environment: {} }).run(
      callFor('ollama', server, { reasoningEffort: 'high' }),
      recordingIo().io,
    );
    expect(server.modelRequests()[0]!.body).toMatchObject({ think: 'high' });
  });
});
