import { describe, expect, it } from 'vitest';
import type { MockSpec } from '../../plan/types.ts';
import type { EngineCall, EngineIo } from '../engine.ts';
import { MockEngine } from './mock-engine.ts';

const engine = new MockEngine();

function call(mock: MockSpec | undefined, fields: Partial<EngineCall> = {}): EngineCall {
  return {
    taskId: 'task',
    engine: 'mock',
    attempt: 1,
    cwd: process.cwd(),
    env: {},
    prompt: 'Summarise the release notes',
    model: 'tiny',
    mock,
    ...fields,
  };
}

function quietIo(signal = new AbortController().signal): EngineIo {
  return { signal };
}

describe('MockEngine replies', () => {
  it('answers with a labelled echo of the first prompt line when nothing is scripted', async () => {
    const long = 'x'.repeat(200);
    const outcome = await engine.run(
      call(undefined, { prompt: `${long}\nsecond line`, model: undefined }),
      quietIo(),
    );
    expect(outcome).toMatchObject({ ok: true, text: `[mock default] ${'x'.repeat(120)}`, exitCode: 0 });
    expect(outcome.command).toBe('mock:default');
    const named = await engine.run(call({}), quietIo());
    expect(named.text).toBe('[mock tiny] Summarise the release notes');
    expect(named.command).toBe('mock:tiny');
  });

  it('uses `reply` with {{ prompt }} replaced, keeping $ patterns in the prompt literal', async () => {
    const outcome = await engine.run(
      call({ reply: 'You said: {{ prompt }} / {{prompt}}' }, { prompt: 'costs $& $1' }),
      quietIo(),
    );
    expect(outcome.text).toBe('You said: costs $& $1 / costs $& $1');
  });

  it('picks the first `replies` entry whose regex matches, before `reply`', async () => {
    const spec: MockSpec = {
      reply: 'fallback',
      replies: [
        { match: '^Review', reply: 'LGTM' },
        { match: 'release\\s+notes', reply: 'Notes summarised' },
        { match: 'Summarise', reply: 'never reached' },
      ],
    };
    expect((await engine.run(call(spec), quietIo())).text).toBe('Notes summarised');
    expect((await engine.run(call(spec, { prompt: 'Review this diff' }), quietIo())).text).toBe('LGTM');
    expect((await engine.run(call(spec, { prompt: 'Something else' }), quietIo())).text).toBe('fallback');
  });

  it('follows `sequence` by attempt, repeating the last step', async () => {
    const spec: MockSpec = {
      reply: 'unused',
      sequence: [
        { fail: { kind: 'rate_limited', message: 'slow down' } },
        'second',
        { reply: 'third {{ prompt }}' },
      ],
    };
    const results = [];
    for (const attempt of [1, 2, 3, 4])
      results.push(await engine.run(call(spec, { attempt, prompt: 'p' }), quietIo()));
    expect(results[0]).toMatchObject({ ok: false, exitCode: 1 });
    expect(results[0]!.error).toMatchObject({ kind: 'rate_limited', retryable: true, message: 'slow down' });
    expect(results.slice(1).map((outcome) => outcome.text)).toEqual(['second', 'third p', 'third p']);
  });

  it('falls back to `replies` and `reply` for a step without a reply', async () => {
    const spec: MockSpec = { sequence: [{}], replies: [{ match: 'release', reply: 'matched' }] };
    expect((await engine.run(call(spec), quietIo())).text).toBe('matched');
  });

  it('streams the reply to onStdout in a few chunks', async () => {
    const chunks: string[] = [];
    const outcome = await engine.run(call({ reply: 'one two three four five six 😀' }), {
      signal: new AbortController().signal,
      onStdout: (chunk) => chunks.push(chunk),
    });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThanOrEqual(3);
    expect(chunks.join('')).toBe(outcome.text);
  });

  it('reports an invalid regex as unsupported instead of throwing', async () => {
    const outcome = await engine.run(call({ replies: [{ match: '(', reply: 'x' }] }), quietIo());
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatchObject({ kind: 'unsupported', retryable: false });
  });
});

describe('MockEngine failures', () => {
  it('fails only on the listed attempts of a top-level `fail`', async () => {
    const spec: MockSpec = { reply: 'ok', fail: { kind: 'timeout', attempts: [1, 2], exit_code: 9 } };
    const first = await engine.run(call(spec, { attempt: 1 }), quietIo());
    expect(first).toMatchObject({ ok: false, text: '', exitCode: 9 });
    expect(first.error).toMatchObject({ kind: 'timeout', retryable: true });
    expect((await engine.run(call(spec, { attempt: 2 }), quietIo())).ok).toBe(false);
    expect(await engine.run(call(spec, { attempt: 3 }), quietIo())).toMatchObject({ ok: true, text: 'ok' });
  });

  it('fails every attempt without `attempts`, defaulting to crashed and exit 1, and writes stderr', async () => {
    const stderr: string[] = [];
    const outcome = await engine.run(call({ fail: {} }, { attempt: 3 }), {
      signal: new AbortController().signal,
      onStderr: (chunk) => stderr.push(chunk),
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: 1 });
    expect(outcome.error).toMatchObject({ kind: 'crashed', retryable: true });
    expect(stderr.join('')).toBe(`${outcome.error!.message}\n`);
    expect(outcome.usage).toBeUndefined();
  });

  it('keeps the text of a step that scripts both a reply and a failure', async () => {
    const spec: MockSpec = {
      sequence: [{ reply: 'not json: {{ prompt }}', fail: { kind: 'bad_output' } }, '{}'],
    };
    const first = await engine.run(call(spec, { prompt: 'p' }), quietIo());
    expect(first).toMatchObject({ ok: false, text: 'not json: p' });
    expect(first.error).toMatchObject({ kind: 'bad_output', retryable: false });
    expect(await engine.run(call(spec, { attempt: 2 }), quietIo())).toMatchObject({ ok: true, text: '{}' });
  });

  it('marks auth, not_found and bad_output failures as not retryable', async () => {
    for (const kind of ['auth', 'not_found', 'bad_output']) {
      const outcome = await engine.run(call({ fail: { kind } }), quietIo());
      expect(outcome.error).toMatchObject({ kind, retryable: false });
    }
  });

  it('reports an unknown failure kind as crashed and keeps the original in raw', async () => {
    const outcome = await engine.run(call({ fail: { kind: 'quota' } }), quietIo());
    expect(outcome.error).toMatchObject({ kind: 'crashed', raw: { kind: 'quota' } });
  });
});

describe('MockEngine latency', () => {
  it('waits for the latency and can be cancelled while waiting', async () => {
    const controller = new AbortController();
    const pending = engine.run(call({ reply: 'late', latency_ms: 60_000 }), quietIo(controller.signal));
    controller.abort();
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, exitCode: 130, text: '' });
    expect(outcome.error).toMatchObject({ kind: 'cancelled', retryable: false });
  });

  it('reports a timeout with exit 124 when the latency reaches the call timeout', async () => {
    const outcome = await engine.run(
      call({ reply: 'late', latency_ms: 60_000 }, { timeoutMs: 50 }),
      quietIo(),
    );
    expect(outcome).toMatchObject({ ok: false, exitCode: 124 });
    expect(outcome.error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('replies after a latency shorter than the timeout', async () => {
    const outcome = await engine.run(
      call({ reply: 'done', latency_ms: 20 }, { timeoutMs: 60_000 }),
      quietIo(),
    );
    expect(outcome).toMatchObject({ ok: true, text: 'done' });
  });

  it('is cancelled at once when the signal is already aborted', async () => {
    const outcome = await engine.run(call({ reply: 'x' }), quietIo(AbortSignal.abort()));
    expect(outcome.error?.kind).toBe('cancelled');
  });
});

describe('MockEngine usage and cost', () => {
  it('estimates usage deterministically from prompt and reply lengths', async () => {
    const outcome = await engine.run(call({ reply: 'abcdefghi' }, { prompt: 'x'.repeat(10) }), quietIo());
    expect(outcome.usage).toEqual({ input_tokens: 3, output_tokens: 3, cached_tokens: 0, total_tokens: 6 });
    expect(outcome.costUsd).toBeUndefined();
  });

  it('takes usage and cost from the spec where given', async () => {
    const spec: MockSpec = {
      reply: 'abcd',
      usage: { input_tokens: 100, cached_tokens: 40 },
      cost_usd: 0.0123,
    };
    const outcome = await engine.run(call(spec), quietIo());
    // input_tokens excludes the cached ones, so the total is 100 + 40 + 1
    expect(outcome.usage).toEqual({
      input_tokens: 100,
      output_tokens: 1,
      cached_tokens: 40,
      total_tokens: 141,
    });
    expect(outcome.costUsd).toBe(0.0123);
  });

  it('gives the same outcome for the same call', async () => {
    const spec: MockSpec = { replies: [{ match: 'notes', reply: 'Summary of {{ prompt }}' }] };
    const [first, second] = await Promise.all([
      engine.run(call(spec), quietIo()),
      engine.run(call(spec), quietIo()),
    ]);
    const { durationMs: _first, ...firstRest } = first;
    const { durationMs: _second, ...secondRest } = second;
    expect(firstRest).toEqual(secondRest);
  });
});
