// Behaviour every HTTP engine shares, each against its own fake server speaking the real wire protocol:
// streaming and usage, keys, transport retries, timeouts, stalls, cuts, bad JSON, auth and cancellation.
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeProviderOptions, FakeProviderServer } from '../../support/fake-providers/index.ts';
import { callFor, HTTP_ENGINE_CASES, recordingIo } from './http-engine-cases.ts';

const servers: FakeProviderServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe.each(HTTP_ENGINE_CASES)(
  '$name engine',
  ({ name, createEngine, startServer, readKey, expectedUsage }) => {
    const start = async (options: FakeProviderOptions = {}) => {
      const server = await startServer(options);
      servers.push(server);
      return server;
    };

    it('streams the answer to onStdout and returns the whole text with usage', async () => {
      const server = await start({ reply: 'Hello from the fake model' });
      const { io, stdout } = recordingIo();
      const outcome = await createEngine().run(callFor(name, server, { model: 'test-model' }), io);
      expect(outcome).toMatchObject({ ok: true, exitCode: 0, text: 'Hello from the fake model' });
      expect(outcome.error).toBeUndefined();
      expect(stdout.length).toBeGreaterThan(1);
      expect(stdout.join('')).toBe('Hello from the fake model');
      expect(outcome.usage).toEqual(expectedUsage);
      expect(outcome.command).toBe(`${name} test-model @ ${server.url}`);
      expect(server.modelRequests()).toHaveLength(1);
    });

    it('sends the key from the variable named by api_key_env and never shows it', async () => {
      const key = 'sk-test-secret-4711';
      const server = await start({ apiKey: key });
      const engine = createEngine({ MAESTRO_TEST_KEY: key });
      const { io } = recordingIo();
      const outcome = await engine.run(
        callFor(name, server, { options: { api_key_env: 'MAESTRO_TEST_KEY' } }),
        io,
      );
      expect(outcome.ok).toBe(true);
      expect(readKey(server.modelRequests()[0]!)).toBe(key);
      expect(JSON.stringify(outcome)).not.toContain(key);
    });

    it('reports an unset api_key_env variable as auth without sending a request', async () => {
      const server = await start();
      const { io } = recordingIo();
      const outcome = await createEngine({}).run(
        callFor(name, server, { options: { api_key_env: 'MAESTRO_UNSET_KEY' } }),
        io,
      );
      expect(outcome).toMatchObject({ ok: false, exitCode: 1 });
      expect(outcome.error).toMatchObject({ kind: 'auth', retryable: false });
      expect(outcome.error?.message).toContain('MAESTRO_UNSET_KEY');
      expect(server.requests).toHaveLength(0);
    });

    it('waits for Retry-After after a 429, then succeeds', async () => {
      const server = await start({ script: [{ kind: 'status', status: 429, retryAfter: '1' }] });
      const { io, stderr } = recordingIo();
      const outcome = await createEngine().run(callFor(name, server), io);
      expect(outcome.ok).toBe(true);
      const [limited, retried] = server.modelRequests();
      expect(retried).toBeDefined();
      // The server's own clock: the second request came at least the asked second after the first.
      expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(1000);
      expect(stderr.join('')).toContain('HTTP 429, retrying in 1.0 s (retry 1 of 3)');
    });

    it('retries a 500 and succeeds', async () => {
      const server = await start({ script: ['500'] });
      const outcome = await createEngine().run(callFor(name, server), recordingIo().io);
      expect(outcome.ok).toBe(true);
      expect(server.modelRequests().map((request) => request.fault?.kind ?? 'ok')).toEqual(['status', 'ok']);
    });

    it('reports 5xx after max_retries as a retryable crash', async () => {
      const server = await start({ script: ['503', '503', '503', '503'] });
      const outcome = await createEngine().run(
        callFor(name, server, {}, { max_retries: 2 }),
        recordingIo().io,
      );
      expect(outcome.error).toMatchObject({
        kind: 'crashed',
        retryable: true,
        raw: { status: 503, requests: 3 },
      });
      expect(server.modelRequests()).toHaveLength(3);
    });

    it('gives up at once, rate_limited and retryable, when Retry-After exceeds the cap', async () => {
      const server = await start({ script: [{ kind: 'status', status: 429, retryAfter: '120' }] });
      const outcome = await createEngine().run(callFor(name, server), recordingIo().io);
      expect(outcome.error).toMatchObject({
        kind: 'rate_limited',
        retryable: true,
        raw: { retryAfterMs: 120_000 },
      });
      expect(server.modelRequests()).toHaveLength(1);
    });

    it('reports 401 as auth without retrying', async () => {
      const server = await start({ script: ['401'] });
      const outcome = await createEngine().run(callFor(name, server), recordingIo().io);
      expect(outcome.error).toMatchObject({ kind: 'auth', retryable: false });
      expect(outcome.error?.message).toContain('HTTP 401');
      expect(server.modelRequests()).toHaveLength(1);
    });

    it('reports 404 as not_found', async () => {
      const server = await start({ script: ['404'] });
      const outcome = await createEngine().run(callFor(name, server), recordingIo().io);
      expect(outcome.error).toMatchObject({ kind: 'not_found', retryable: false });
    });

    it('times out a stalled stream (headers, then nothing) and closes the connection', async () => {
      const server = await start({ script: ['stall'] });
      const outcome = await createEngine().run(callFor(name, server, { timeoutMs: 400 }), recordingIo().io);
      expect(outcome).toMatchObject({ ok: false, exitCode: 124 });
      expect(outcome.error).toMatchObject({ kind: 'timeout', retryable: true });
      await server.waitForClientClose(0);
      expect(server.requests[0]!.clientClosedEarly).toBe(true);
    });

    it('fails a stream that sends nothing for stall_timeout_ms, well before the call timeout', async () => {
      const server = await start({ script: ['stall'] });
      const call = callFor(name, server, { timeoutMs: 60_000 }, { stall_timeout_ms: 300 });
      const outcome = await createEngine().run(call, recordingIo().io);
      expect(outcome.error).toMatchObject({ kind: 'timeout', retryable: true });
      expect(outcome.error?.message).toContain('stalled');
      await server.waitForClientClose(0);
    });

    it.each(['cut', 'truncate', 'malformed'] as const)(
      'reports a %s stream as retryable bad_output',
      async (fault) => {
        const server = await start({ script: [fault] });
        const outcome = await createEngine().run(callFor(name, server), recordingIo().io);
        expect(outcome).toMatchObject({ ok: false, exitCode: 1 });
        expect(outcome.error).toMatchObject({ kind: 'bad_output', retryable: true });
        expect(server.modelRequests()).toHaveLength(1);
      },
    );

    it('cancels on abort mid-stream, closing the connection', async () => {
      const server = await start({ script: ['stall'] });
      const controller = new AbortController();
      const running = createEngine().run(callFor(name, server), recordingIo(controller.signal).io);
      await server.waitForRequests(1);
      controller.abort();
      const outcome = await running;
      expect(outcome).toMatchObject({ ok: false, exitCode: 130 });
      expect(outcome.error).toMatchObject({ kind: 'cancelled', retryable: false });
      await server.waitForClientClose(0);
    });

    it('cancels on abort before the answer starts, closing the connection', async () => {
      const server = await start({ latencyMs: 30_000 });
      const controller = new AbortController();
      const running = createEngine().run(callFor(name, server), recordingIo(controller.signal).io);
      await server.waitForRequests(1);
      controller.abort();
      expect((await running).error?.kind).toBe('cancelled');
      await server.waitForClientClose(0);
    });

    it('cancels during a retry backoff without sending again', async () => {
      const server = await start({ script: [{ kind: 'status', status: 503, retryAfter: '10' }] });
      const controller = new AbortController();
      const { io, stderr } = recordingIo(controller.signal);
      io.onStderr = (chunk) => {
        stderr.push(chunk);
        controller.abort();
      };
      const outcome = await createEngine().run(callFor(name, server), io);
      expect(outcome.error?.kind).toBe('cancelled');
      expect(server.modelRequests()).toHaveLength(1);
    });

    it('asks for the output_schema and checks the answer against it', async () => {
      const server = await start();
      const outputSchema = {
        type: 'object',
        properties: { verdict: { type: 'string', enum: ['pass', 'fail'] }, score: { type: 'integer' } },
        required: ['verdict', 'score'],
        additionalProperties: false,
      };
      const outcome = await createEngine().run(callFor(name, server, { outputSchema }), recordingIo().io);
      expect(outcome.ok).toBe(true);
      expect(JSON.parse(outcome.text)).toEqual({ verdict: 'pass', score: 1 });
      expect(server.modelRequests()[0]!.rawBody).toContain('"verdict"');
    });

    it('reports an answer that does not match output_schema as bad_output', async () => {
      const server = await start({ script: [{ reply: '{"verdict": 3}' }, { reply: 'not json' }] });
      const outputSchema = {
        type: 'object',
        properties: { verdict: { type: 'string' } },
        required: ['verdict'],
      };
      const mismatch = await createEngine().run(callFor(name, server, { outputSchema }), recordingIo().io);
      expect(mismatch.error).toMatchObject({ kind: 'bad_output', retryable: false });
      expect(mismatch.error?.message).toContain('verdict');
      expect(mismatch.usage).toEqual(expectedUsage);
      const notJson = await createEngine().run(callFor(name, server, { outputSchema }), recordingIo().io);
      expect(notJson.error?.message).toContain('not JSON');
    });

    it('refuses a badly typed option, naming it, without sending a request', async () => {
      const server = await start();
      const outcome = await createEngine().run(
        callFor(name, server, {}, { temperature: 'hot' }),
        recordingIo().io,
      );
      expect(outcome.error).toMatchObject({ kind: 'unsupported', retryable: false });
      expect(outcome.error?.message).toContain('`options.temperature`');
      expect(server.requests).toHaveLength(0);
    });

    it('reports a server that cannot be reached as a retryable crash', async () => {
      const server = await start();
      await server.close();
      const outcome = await createEngine().run(callFor(name, server), recordingIo().io);
      expect(outcome.error).toMatchObject({ kind: 'crashed', retryable: true });
      expect(outcome.error?.message).toContain('ECONNREFUSED');
    });
  },
);
