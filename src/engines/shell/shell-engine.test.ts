import { describe, expect, it } from 'vitest';
import { buildChildEnvironment } from '../../process/index.ts';
import type { EngineCall } from '../engine.ts';
import { ShellEngine } from './shell-engine.ts';

const engine = new ShellEngine({ killGraceMs: 300 });

function call(fields: Partial<EngineCall>): EngineCall {
  return {
    taskId: 'task',
    engine: 'shell',
    attempt: 1,
    cwd: process.cwd(),
    env: buildChildEnvironment(),
    ...fields,
  };
}

function io(signal = new AbortController().signal) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    io: {
      signal,
      onStdout: (chunk: string): void => {
        stdout.push(chunk);
      },
      onStderr: (chunk: string): void => {
        stderr.push(chunk);
      },
    },
  };
}

describe('ShellEngine', () => {
  it('succeeds on exit 0 with stdout as the text, streaming both streams', async () => {
    const streams = io();
    const outcome = await engine.run(call({ command: 'echo out; echo err >&2' }), streams.io);
    expect(outcome).toMatchObject({
      ok: true,
      text: 'out\n',
      stderr: 'err\n',
      exitCode: 0,
      command: 'echo out; echo err >&2',
    });
    expect(outcome.error).toBeUndefined();
    expect(streams.stdout.join('')).toBe('out\n');
    expect(streams.stderr.join('')).toBe('err\n');
  });

  it('reports a non-zero exit as a retryable exit_code error naming the last stderr line', async () => {
    const outcome = await engine.run(call({ command: 'echo partial; echo "boom" >&2; exit 2' }), io().io);
    expect(outcome).toMatchObject({ ok: false, text: 'partial\n', exitCode: 2 });
    expect(outcome.error).toMatchObject({
      kind: 'exit_code',
      retryable: true,
      message: 'Command exited with code 2: boom',
    });
  });

  it('runs a list directly with the call env and shows it quoted', async () => {
    const env = buildChildEnvironment({ planEnv: { GREETING: 'hello there' } });
    const outcome = await engine.run(call({ command: ['sh', '-c', 'echo "$GREETING"'], env }), io().io);
    expect(outcome).toMatchObject({ ok: true, text: 'hello there\n', command: `sh -c 'echo "$GREETING"'` });
  });

  it('reports a timeout as a retryable timeout error with exit 124', async () => {
    const outcome = await engine.run(
      call({ command: 'sleep 30 & sleep 30 & wait', timeoutMs: 300 }),
      io().io,
    );
    expect(outcome).toMatchObject({ ok: false, exitCode: 124 });
    expect(outcome.error).toMatchObject({
      kind: 'timeout',
      retryable: true,
      message: 'Command timed out after 300 ms',
    });
  });

  it('reports an abort as a cancelled error', async () => {
    const controller = new AbortController();
    const streams = io(controller.signal);
    streams.io.onStdout = () => controller.abort();
    const outcome = await engine.run(call({ command: 'echo started; sleep 30' }), streams.io);
    expect(outcome).toMatchObject({ ok: false, exitCode: 130, text: 'started\n' });
    expect(outcome.error).toMatchObject({ kind: 'cancelled', retryable: false });
  });

  it('reports a program that cannot be started as not_found with exit 127', async () => {
    const outcome = await engine.run(call({ command: ['maestro-no-such-program-xyz'] }), io().io);
    expect(outcome).toMatchObject({ ok: false, exitCode: 127 });
    expect(outcome.error).toMatchObject({
      kind: 'not_found',
      retryable: false,
      message: 'Program not found: maestro-no-such-program-xyz',
    });
  });

  it('reports a command killed by a signal as crashed', async () => {
    const outcome = await engine.run(call({ command: 'kill -KILL $$' }), io().io);
    expect(outcome).toMatchObject({ ok: false, exitCode: 137 });
    expect(outcome.error).toMatchObject({ kind: 'crashed', message: 'Command was killed by SIGKILL' });
  });

  it('returns an unsupported error instead of throwing for a call it cannot run', async () => {
    const missing = await engine.run(call({}), io().io);
    expect(missing.error).toMatchObject({ kind: 'unsupported', retryable: false });
    const badTimeout = await engine.run(call({ command: 'true', timeoutMs: -5 }), io().io);
    expect(badTimeout.error?.kind).toBe('unsupported');
    expect(badTimeout.error?.message).toContain('`timeoutMs`');
  });
});
