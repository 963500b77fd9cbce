// The `mock` engine: a labelled stand-in for a model, for demos and tests. No model is called; replies,
// failures, latency and usage are scripted by the task's `mock:` block (MockSpec) and are the same for
// the same call every time.
import { CANCELLED_EXIT_CODE, TIMEOUT_EXIT_CODE } from '../../process/index.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { Engine, EngineCall, EngineIo, EngineOutcome } from '../engine.ts';
import { estimateMockUsage } from './estimate-mock-usage.ts';
import { mapMockFailure } from './map-mock-failure.ts';
import { defaultMockReply, renderMockReply } from './render-mock-reply.ts';
import { selectMockScript } from './select-mock-script.ts';
import { splitIntoChunks } from './split-into-chunks.ts';
import { waitForLatency } from './wait-for-latency.ts';

const STREAM_CHUNKS = 3;

export class MockEngine implements Engine {
  readonly name = 'mock';
  // A scripted stand-in has no tools to misuse and returns whatever the script says, so both hold.
  readonly capabilities = { toolGrants: true, structuredOutput: true };

  async run(call: EngineCall, io: EngineIo): Promise<EngineOutcome> {
    const startedAt = performance.now();
    const spec = call.mock ?? {};
    const prompt = call.prompt ?? '';
    const finish = (fields: Omit<EngineOutcome, 'durationMs' | 'command'>): EngineOutcome => ({
      ...fields,
      command: `mock:${call.model ?? 'default'}`,
      durationMs: performance.now() - startedAt,
    });

    const script = selectMockScript(spec, call.attempt, prompt);
    if ('problem' in script) {
      return finish({
        ok: false,
        text: '',
        exitCode: 1,
        error: createEngineError('unsupported', script.problem),
      });
    }
    const latencyMs = spec.latency_ms ?? 0;
    const end = await waitForLatency({ latencyMs, timeoutMs: call.timeoutMs, signal: io.signal });
    if (end === 'cancelled') {
      return finish({
        ok: false,
        text: '',
        exitCode: CANCELLED_EXIT_CODE,
        error: createEngineError('cancelled', 'Mock call was cancelled'),
      });
    }
    if (end === 'timeout') {
      const message = `Mock latency of ${latencyMs} ms reached the timeout of ${call.timeoutMs} ms`;
      return finish({
        ok: false,
        text: '',
        exitCode: TIMEOUT_EXIT_CODE,
        error: createEngineError('timeout', message),
      });
    }
    if (script.failure) {
      const { error, exitCode } = mapMockFailure(script.failure, call.attempt);
      const stderr = `${error.message}\n`;
      io.onStderr?.(stderr);
      const text = script.isReplyWithFailure ? renderMockReply(script.reply!, prompt) : '';
      return finish({ ok: false, text, stderr, exitCode, error });
    }

    const text =
      script.reply === undefined
        ? defaultMockReply(call.model, prompt)
        : renderMockReply(script.reply, prompt);
    for (const chunk of splitIntoChunks(text, STREAM_CHUNKS)) io.onStdout?.(chunk);
    const outcome = finish({
      ok: true,
      text,
      exitCode: 0,
      usage: estimateMockUsage(spec.usage, prompt, text),
    });
    if (spec.cost_usd !== undefined) outcome.costUsd = spec.cost_usd;
    return outcome;
  }
}
