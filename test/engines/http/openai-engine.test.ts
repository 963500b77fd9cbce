// The openai engine's requests on the wire: Chat Completions by default (any compatible server), the
// Responses API with `api: responses`.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIEngine } from '../../../src/engines/http/index.ts';
import {
  type FakeProviderServer,
  startFakeOllamaServer,
  startFakeOpenAIServer,
} from '../../support/fake-providers/index.ts';
import { callFor, recordingIo } from './http-engine-cases.ts';

const servers: FakeProviderServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startFakeOpenAIServer>[0] = {}) {
  const server = await startFakeOpenAIServer(options);
  servers.push(server);
  return server;
}

const strictSchema = {
  type: 'object',
  properties: { answer: { type: 'string' } },
  required: ['answer'],
  additionalProperties: false,
};

describe('OpenAIEngine requests', () => {
  it('sends a streamed chat completion with usage requested and the sampling settings', async () => {
    const server = await start();
    const call = callFor(
      'openai',
      server,
      { model: 'gpt-4.1-mini', systemPrompt: 'Be terse.', reasoningEffort: 'low' },
      { temperature: 0.2, seed: 7, max_tokens: 100, top_p: 1, stop: ['END'], max_completion_tokens: 90 },
    );
    const outcome = await new OpenAIEngine({ environment: { OPENAI_API_KEY: 'sk-conventional' } }).run(
      call,
      recordingIo().io,
    );
    expect(outcome.ok).toBe(true);
    const request = server.modelRequests()[0]!;
    expect(request.pathname).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-conventional');
    expect(request.body).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Say hello' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      seed: 7,
      max_tokens: 100,
      top_p: 1,
      stop: ['END'],
      reasoning_effort: 'low',
      max_completion_tokens: 90,
    });
  });

  it('sends no Authorization header to a keyless server', async () => {
    const server = await start();
    await new OpenAIEngine({ environment: {} }).run(callFor('openai', server), recordingIo().io);
    expect(server.modelRequests()[0]!.headers.authorization).toBeUndefined();
  });

  it('sends output_schema as response_format json_schema, strict when the schema allows it', async () => {
    const server = await start();
    const engine = new OpenAIEngine({ environment: {} });
    const loose = { type: 'object', properties: { answer: { type: 'string' } } };
    await engine.run(callFor('openai', server, { outputSchema: strictSchema }), recordingIo().io);
    await engine.run(callFor('openai', server, { outputSchema: loose }), recordingIo().io);
    await engine.run(
      callFor('openai', server, { outputSchema: loose }, { strict_schema: true }),
      recordingIo().io,
    );
    const formats = server
      .modelRequests()
      .map((request) => (request.body as { response_format: unknown }).response_format);
    expect(formats).toEqual([
      { type: 'json_schema', json_schema: { name: 'output', schema: strictSchema, strict: true } },
      { type: 'json_schema', json_schema: { name: 'output', schema: loose, strict: false } },
      { type: 'json_schema', json_schema: { name: 'output', schema: loose, strict: true } },
    ]);
  });

  it('uses the Responses API with api: responses', async () => {
    const server = await start({ usage: { inputTokens: 50, cachedTokens: 25, outputTokens: 5 } });
    const { io, stdout, stderr } = recordingIo();
    const call = callFor(
      'openai',
      server,
      { model: 'gpt-5', systemPrompt: 'Be terse.', outputSchema: strictSchema },
      { api: 'responses', temperature: 1, max_tokens: 64, seed: 3 },
    );
    const outcome = await new OpenAIEngine({ environment: {} }).run(call, io);
    expect(outcome).toMatchObject({
      ok: true,
      text: '{"answer":"fake"}',
      command: `openai gpt-5 (responses) @ ${server.url}`,
    });
    expect(stdout.join('')).toBe('{"answer":"fake"}');
    expect(outcome.usage).toEqual({
      input_tokens: 50,
      cached_tokens: 25,
      output_tokens: 5,
      total_tokens: 80,
    });
    const request = server.modelRequests()[0]!;
    expect(request.pathname).toBe('/v1/responses');
    expect(request.body).toEqual({
      store: false,
      model: 'gpt-5',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Say hello' }] }],
      stream: true,
      instructions: 'Be terse.',
      temperature: 1,
      max_output_tokens: 64,
      text: { format: { type: 'json_schema', name: 'output', schema: strictSchema, strict: true } },
    });
    expect(stderr.join('')).toContain('option `seed` is ignored');
  });

  it('reads OPENAI_BASE_URL when no base_url is given', async () => {
    const server = await start();
    const engine = new OpenAIEngine({ environment: { OPENAI_BASE_URL: `${server.url}/` } });
    const outcome = await engine.run({ ...callFor('openai', server), options: {} }, recordingIo().io);
    expect(outcome).toMatchObject({ ok: true, command: `openai gpt-4.1-mini @ ${server.url}` });
  });

  it('works against an OpenAI-compatible server such as Ollama /v1', async () => {
    const ollama = await startFakeOllamaServer();
    servers.push(ollama);
    const call = callFor('openai', ollama, { options: { base_url: `${ollama.url}/v1` } });
    const outcome = await new OpenAIEngine({ environment: {} }).run(call, recordingIo().io);
    expect(outcome).toMatchObject({ ok: true, text: 'Hello from the fake model' });
    expect(ollama.modelRequests()[0]!.pathname).toBe('/v1/chat/completions');
  });

  it('does not retry a 429 for an exhausted quota, and reports it as not retryable', async () => {
    const server = await start({
      script: [
        { kind: 'status', status: 429, code: 'insufficient_quota', message: 'You exceeded your quota' },
      ],
    });
    const outcome = await new OpenAIEngine().run(callFor('openai', server), recordingIo().io);
    expect(outcome.error).toMatchObject({ kind: 'rate_limited', retryable: false });
    expect(outcome.error?.message).toContain('You exceeded your quota');
    expect(server.modelRequests()).toHaveLength(1);
  });

  it('refuses a base_url that is not an http(s) URL, naming it', async () => {
    const server = await start();
    const call = callFor('openai', server, { options: { base_url: 'ftp://example.com/v1' } });
    const outcome = await new OpenAIEngine({ environment: {} }).run(call, recordingIo().io);
    expect(outcome.error).toMatchObject({ kind: 'unsupported', retryable: false });
    expect(outcome.error?.message).toContain('`base_url`');
  });
});
