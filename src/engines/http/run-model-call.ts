// The shared body of every HTTP engine's run(): resolve the call, send the request (with transport
// retries), stream the reply to io.onStdout, check a structured answer and turn every failure into an
// EngineOutcome. Provider modules only build the request and read the reply.
import { CANCELLED_EXIT_CODE, TIMEOUT_EXIT_CODE } from '../../process/index.ts';
import type { EngineCall, EngineErrorKind, EngineIo, EngineOutcome } from '../engine.ts';
import { CallDeadline } from './call-deadline.ts';
import { describeEndpoint } from './describe-endpoint.ts';
import { badOutput, ModelCallFailure } from './model-call-failure.ts';
import type { ModelHttpRequest } from './model-http-request.ts';
import type { ModelReply, ReplyReader, ReplySink } from './model-reply.ts';
import {
  type Environment,
  type HttpEngineProfile,
  type ResolvedModelCall,
  resolveModelCall,
} from './resolve-model-call.ts';
import { sendModelRequest } from './send-model-request.ts';
import { validateStructuredOutput } from './validate-structured-output.ts';

/** What a provider module makes of a resolved call. */
export interface PreparedModelCall {
  request: ModelHttpRequest;
  readReply: ReplyReader;
  /** Shown after the model in `command`, e.g. `responses`. */
  variant?: string;
  /** Settings the provider cannot honour, reported on stderr (never thrown). */
  notes?: string[];
}

export interface RunModelCallInput {
  call: EngineCall;
  io: EngineIo;
  profile: HttpEngineProfile;
  environment: Environment;
  prepare: (resolved: ResolvedModelCall) => PreparedModelCall;
}

export async function runModelCall(input: RunModelCallInput): Promise<EngineOutcome> {
  const { call, io, profile } = input;
  const engine = profile.engine;
  const startedAt = performance.now();
  const chunks: string[] = [];
  const stderr: string[] = [];
  const note = (line: string) => {
    const text = line.startsWith(`${engine} `) ? `${line}\n` : `${engine}: ${line}\n`;
    stderr.push(text);
    io.onStderr?.(text);
  };
  let command: string = engine;
  let deadline: CallDeadline | undefined;
  let reply: ModelReply | undefined;
  const finish = (fields: Pick<EngineOutcome, 'ok' | 'exitCode' | 'error'>): EngineOutcome => {
    const outcome: EngineOutcome = {
      ok: fields.ok,
      text: chunks.length === 1 ? chunks[0]! : chunks.join(''),
      exitCode: fields.exitCode,
      command,
      durationMs: performance.now() - startedAt,
    };
    if (fields.error) outcome.error = fields.error;
    if (reply?.usage) outcome.usage = reply.usage;
    if (stderr.length > 0) outcome.stderr = stderr.join('');
    return outcome;
  };

  try {
    const resolved = resolveModelCall(call, profile, input.environment);
    const prepared = input.prepare(resolved);
    const variant = prepared.variant ? ` (${prepared.variant})` : '';
    command = `${engine} ${resolved.model}${variant} @ ${describeEndpoint(resolved.baseUrl)}`;
    for (const line of prepared.notes ?? []) note(line);
    deadline = new CallDeadline({
      engine,
      signal: io.signal,
      timeoutMs: call.timeoutMs,
      stallTimeoutMs: resolved.stallTimeoutMs,
    });
    const active = deadline;
    const abortedAtStart = active.failure();
    if (abortedAtStart) throw abortedAtStart;
    const response = await sendModelRequest({
      engine,
      request: prepared.request,
      deadline: active,
      retry: resolved.retry,
      onRetry: ({ status, delayMs, retry, maxRetries }) =>
        note(
          `HTTP ${status}, retrying in ${(delayMs / 1000).toFixed(1)} s (retry ${retry} of ${maxRetries})`,
        ),
    });
    const sink: ReplySink = {
      onText(text) {
        if (text === '') return;
        chunks.push(text);
        io.onStdout?.(text);
      },
      onActivity: () => active.touch(),
    };
    try {
      reply = await prepared.readReply(response, sink);
    } catch (error) {
      throw active.failure() ?? readFailure(engine, error);
    }
    for (const line of reply.notes ?? []) note(line);
    if (resolved.outputSchema) await validateStructuredOutput(engine, chunks.join(''), resolved.outputSchema);
    deadline.dispose(false);
    return finish({ ok: true, exitCode: 0 });
  } catch (error) {
    const failure = deadline?.failure() ?? asFailure(engine, error);
    deadline?.dispose(true);
    note(failure.error.message);
    return finish({ ok: false, exitCode: exitCodeFor(failure.error.kind), error: failure.error });
  }
}

function exitCodeFor(kind: EngineErrorKind): number {
  if (kind === 'timeout') return TIMEOUT_EXIT_CODE;
  if (kind === 'cancelled') return CANCELLED_EXIT_CODE;
  return 1;
}

// A failure while reading the body that the reader did not raise itself: the connection broke (Node's
// I/O errors carry a code: ECONNRESET, EPIPE, ERR_STREAM_PREMATURE_CLOSE, Z_DATA_ERROR, ...).
function readFailure(engine: string, error: unknown): ModelCallFailure {
  if (error instanceof ModelCallFailure) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    return badOutput(`${engine} connection broke in the middle of the reply (${code})`, { cause: code });
  }
  return asFailure(engine, error);
}

function asFailure(engine: string, error: unknown): ModelCallFailure {
  if (error instanceof ModelCallFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallFailure({
    kind: 'crashed',
    message: `${engine} engine failed: ${message}`,
    retryable: false,
    raw: { stack: error instanceof Error ? error.stack : undefined },
  });
}
