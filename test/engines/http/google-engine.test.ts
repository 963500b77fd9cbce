// The google engine's request on the wire (Gemini streamGenerateContent) and its usage.
import { afterEach, describe, expect, it } from 'vitest';
import { GoogleEngine } from '../../../src/engines/http/index.ts';
import { type FakeProviderServer, startFakeGeminiServer } from '../../support/fake-providers/index.ts';
import { callFor, recordingIo } from './http-engine-cases.ts';

const servers: FakeProviderServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startFakeGeminiServer>[0] = {}) {
  const server = await startFakeGeminiServer(options);
  servers.push(server);
  return server;
}

describe('GoogleEngine requests', () => {
  it('streams generateContent with the settings in generationConfig and the key in x-goog-api-key', async () => {
    const server = await start();
    const outputSchema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    const call = callFor(
      'google',
      server,
      { model: 'gemini-2.5-pro', systemPrompt: 'Be terse.', outputSchema },
      { temperature: 0, seed: 11, max_tokens: 500, top_k: 3, safetySettings: [], candidateCount: 1 },
    );
    const outcome = await new GoogleEngine({ environment: { GOOGLE_API_KEY: 'g-key' } }).run(
      call,
      recordingIo().io,
    );
    expect(outcome).toMatchObject({ ok: true, text: '{"n":1}' });
    const request = server.modelRequests()[0]!;
    expect(request.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(request.headers['x-goog-api-key']).toBe('g-key');
    expect(request.body).toEqual({
      safetySettings: [],
      contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }],
      systemInstruction: { parts: [{ text: 'Be terse.' }] },
      generationConfig: {
        candidateCount: 1,
        temperature: 0,
        seed: 11,
        maxOutputTokens: 500,
        topK: 3,
        responseMimeType: 'application/json',
        responseJsonSchema: outputSchema,
      },
    });
  });

  it('prefers GEMINI_API_KEY over GOOGLE_API_KEY', async () => {
    const server = await start();
    const engine = new GoogleEngine({ environment: { GEMINI_API_KEY: 'gemini', GOOGLE_API_KEY: 'google' } });
    await engine.run(callFor('google', server), recordingIo().io);
    expect(server.modelRequests()[0]!.headers['x-goog-api-key']).toBe('gemini');
  });

  it('counts thinking tokens as output and keeps cached tokens out of the input', async () => {
    const server = await start({
      usage: { inputTokens: 90, cachedTokens: 30, outputTokens: 40, reasoningTokens: 15 },
    });
    const outcome = await new GoogleEngine({ environment: {} }).run(
      callFor('google', server),
      recordingIo().io,
    );
    expect(outcome.usage).toEqual({
      input_tokens: 90,
      cached_tokens: 30,
      output_tokens: 40,
      total_tokens: 160,
    });
  });

  it('reads GOOGLE_GEMINI_BASE_URL when no base_url is given', async () => {
    const server = await start();
    const engine = new GoogleEngine({ environment: { GOOGLE_GEMINI_BASE_URL: server.url } });
    const outcome = await engine.run({ ...callFor('google', server), options: {} }, recordingIo().io);
    expect(outcome).toMatchObject({ ok: true, command: `google gemini-2.5-flash @ ${server.url}` });
  });
});
