// The `llama` engine: GGUF models run in-process through node-llama-cpp (an optional dependency,
// imported at first use). No tools exist in-process, so tool grants hold trivially; an output schema
// becomes a grammar, so the answer is JSON that satisfies it. Cost is always 0 (local).
import { CANCELLED_EXIT_CODE, TIMEOUT_EXIT_CODE } from '../../process/index.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { Engine, EngineCall, EngineErrorKind, EngineIo, EngineOutcome } from '../engine.ts';
import { waitUnlessAborted } from './exclusive-lock.ts';
import { type LlamaCallSettings, resolveLlamaCallSettings } from './llama-call-settings.ts';
import { getLlamaContext, LlamaLoadError, type LoadedLlamaContext } from './llama-model-cache.ts';
import { llamaInstallCommand, loadNodeLlamaCpp } from './load-node-llama-cpp.ts';
import type { LlamaGrammar, NodeLlamaCppModule } from './node-llama-cpp-api.ts';

export interface LlamaEngineOptions {
  /**
   * Where LLAMA_MODEL_DIR and MAESTRO_LLAMA_MODULE are read when the call's environment lacks them.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
}

type Finish = (fields: Omit<EngineOutcome, 'durationMs' | 'command'>) => EngineOutcome;

export class LlamaEngine implements Engine {
  readonly name = 'llama';
  // In-process generation has no tools at all, and an output schema is enforced by a grammar.
  readonly capabilities = { toolGrants: true, structuredOutput: true };
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(options: LlamaEngineOptions = {}) {
    this.#env = options.env ?? process.env;
  }

  async run(call: EngineCall, io: EngineIo): Promise<EngineOutcome> {
    const startedAt = performance.now();
    let command = `llama ${call.model ?? ''}`.trim();
    const finish: Finish = (fields) => ({ ...fields, command, durationMs: performance.now() - startedAt });
    const fail = (kind: EngineErrorKind, message: string, raw?: unknown) => {
      io.onStderr?.(`${message}\n`);
      return finish({
        ok: false,
        text: '',
        stderr: `${message}\n`,
        exitCode: 1,
        // Errors become `Name: message` text so that the value survives IPC and JSON logs.
        error: createEngineError(kind, message, raw instanceof Error ? `${raw.name}: ${raw.message}` : raw),
      });
    };

    const resolved = resolveLlamaCallSettings(call, this.#env);
    if (!resolved.ok) return fail(resolved.kind, resolved.message);
    const { settings } = resolved;
    command = describeCommand(settings);

    const load = await loadNodeLlamaCpp(settings.modulePath);
    if (!load.ok) return fail('not_found', load.message, load.cause);

    const deadline = startDeadline(io.signal, call.timeoutMs);
    try {
      return await generate({
        call,
        io,
        settings,
        module: load.module,
        moduleKey: load.entry,
        deadline,
        finish,
        fail,
      });
    } finally {
      deadline.clear();
    }
  }
}

interface Deadline {
  signal: AbortSignal;
  isTimedOut(): boolean;
  clear(): void;
}

// One signal for both ways a call ends early: the caller's abort and the task's timeout.
function startDeadline(signal: AbortSignal, timeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  let isTimedOut = false;
  const timer =
    timeoutMs !== undefined && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          isTimedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
  return {
    signal: AbortSignal.any([signal, controller.signal]),
    isTimedOut: () => isTimedOut && !signal.aborted,
    clear: () => clearTimeout(timer),
  };
}

interface GenerateInput {
  call: EngineCall;
  io: EngineIo;
  settings: LlamaCallSettings;
  module: NodeLlamaCppModule;
  moduleKey: string;
  deadline: Deadline;
  finish: Finish;
  fail: (kind: EngineErrorKind, message: string, raw?: unknown) => EngineOutcome;
}

async function generate(input: GenerateInput): Promise<EngineOutcome> {
  const { call, io, settings, deadline, finish, fail } = input;
  const stopped = (text: string, usage?: EngineOutcome['usage']) => {
    const isTimeout = deadline.isTimedOut();
    const message = isTimeout
      ? `llama generation reached the timeout of ${call.timeoutMs} ms`
      : 'llama generation was cancelled';
    return finish({
      ok: false,
      text,
      exitCode: isTimeout ? TIMEOUT_EXIT_CODE : CANCELLED_EXIT_CODE,
      usage,
      costUsd: usage ? 0 : undefined,
      error: createEngineError(isTimeout ? 'timeout' : 'cancelled', message),
    });
  };

  let loaded: LoadedLlamaContext;
  try {
    // The load is shared with other calls, so it is not aborted: this call only stops waiting for it.
    loaded = await waitUnlessAborted(
      getLlamaContext(input.module, input.moduleKey, settings),
      deadline.signal,
    );
  } catch (error) {
    if (deadline.signal.aborted) return stopped('');
    return describeLoadFailure(error, settings, fail);
  }

  let grammar: LlamaGrammar | undefined;
  if (call.outputSchema) {
    try {
      grammar = await loaded.runtime.createGrammarForJsonSchema(call.outputSchema);
    } catch (error) {
      return fail(
        'unsupported',
        `output_schema cannot be turned into a llama grammar: ${messageOf(error)}`,
        error,
      );
    }
  }

  let release: () => void;
  try {
    release = await loaded.lock.acquire(deadline.signal);
  } catch {
    return stopped('');
  }
  const sequence = loaded.context.getSequence();
  const session = new input.module.LlamaChatSession({
    contextSequence: sequence,
    systemPrompt: settings.systemPrompt,
    autoDisposeSequence: false,
  });
  const usage = () => {
    const input_tokens = sequence.tokenMeter.usedInputTokens;
    const output_tokens = sequence.tokenMeter.usedOutputTokens;
    return { input_tokens, output_tokens, cached_tokens: 0, total_tokens: input_tokens + output_tokens };
  };
  let streamed = '';
  try {
    const text = await session.prompt(call.prompt ?? '', {
      ...samplingOptions(settings),
      grammar,
      signal: deadline.signal,
      stopOnAbortSignal: true,
      onTextChunk: (chunk) => {
        streamed += chunk;
        io.onStdout?.(chunk);
      },
    });
    if (deadline.signal.aborted) return stopped(text, usage());
    if (grammar?.parse) {
      try {
        grammar.parse(text);
      } catch (error) {
        const outcome = fail(
          'bad_output',
          `llama answer does not satisfy output_schema: ${messageOf(error)}`,
          error,
        );
        return { ...outcome, text, usage: usage(), costUsd: 0 };
      }
    }
    return finish({ ok: true, text, exitCode: 0, usage: usage(), costUsd: 0 });
  } catch (error) {
    if (deadline.signal.aborted) return stopped(streamed, usage());
    return fail('crashed', `llama generation failed: ${messageOf(error)}`, error);
  } finally {
    session.dispose({ disposeSequence: true });
    release();
  }
}

function samplingOptions(settings: LlamaCallSettings) {
  const options: { maxTokens?: number; temperature?: number; topK?: number; topP?: number; seed?: number } =
    {};
  if (settings.maxTokens !== undefined) options.maxTokens = settings.maxTokens;
  if (settings.temperature !== undefined) options.temperature = settings.temperature;
  if (settings.topK !== undefined) options.topK = settings.topK;
  if (settings.topP !== undefined) options.topP = settings.topP;
  if (settings.seed !== undefined) options.seed = settings.seed;
  return options;
}

function describeLoadFailure(
  error: unknown,
  settings: LlamaCallSettings,
  fail: GenerateInput['fail'],
): EngineOutcome {
  const stage = error instanceof LlamaLoadError ? error.stage : 'model';
  const reason = messageOf(error);
  if (stage === 'runtime') {
    return fail(
      'not_found',
      `node-llama-cpp has no usable prebuilt llama.cpp binary for this machine (${reason}); Maestro never builds it from source. Install the binary package with \`${llamaInstallCommand()}\``,
      error,
    );
  }
  if (stage === 'context') {
    return fail(
      'unsupported',
      `Could not create a llama context for ${settings.modelPath}: ${reason}`,
      error,
    );
  }
  return fail('unsupported', `Could not load GGUF model ${settings.modelPath}: ${reason}`, error);
}

function describeCommand(settings: LlamaCallSettings): string {
  const parts = [`llama ${settings.modelPath}`];
  if (settings.loraPath) parts.push(`lora=${settings.loraPath}`);
  if (settings.contextSize !== undefined) parts.push(`ctx=${settings.contextSize}`);
  if (settings.maxTokens !== undefined) parts.push(`max_tokens=${settings.maxTokens}`);
  if (settings.temperature !== undefined) parts.push(`temperature=${settings.temperature}`);
  if (settings.seed !== undefined) parts.push(`seed=${settings.seed}`);
  return parts.join(' ');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
