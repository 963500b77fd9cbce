// One Engine for every agent CLI. A definition (claude, codex, ...) builds the command line and reads the
// output stream; this class does what they share:
//
//   options ─▶ state folder ─▶ invocation ─▶ runProcessGroup (own group, stdin /dev/null) ─▶ outcome
//                                                 │ stdout lines ─▶ parser ─▶ io.onStdout (assistant text)
//                                                 └ final event ─▶ watchdog: still running after the grace?
//                                                                  kill the group and keep the result
//
// The CLIs exit about 0.1 s after their final event; the watchdog is for the one that hangs instead, so
// that a finished task is never held up by a process that will not go away.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatCommandLine, type ProcessGroupResult, runProcessGroup } from '../../process/index.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { Engine, EngineCall, EngineCapabilities, EngineError, EngineIo } from '../engine.ts';
import {
  type AgentCliContext,
  type AgentCliDefinition,
  type AgentStreamSink,
  MAX_ARGUMENT_BYTES,
} from './agent-cli-definition.ts';
import { type AgentCliSettings, resolveAgentCliSettings } from './agent-cli-settings.ts';
import { LineSplitter } from './line-splitter.ts';
import { type AgentCliOutcome, mapAgentCliExit } from './map-agent-cli-exit.ts';
import { closeStateFolder, defaultStateRoot, openStateFolder, type StateFolder } from './state-folder.ts';

export interface AgentCliEngineOptions {
  /**
   * The environment credentials and endpoints are read from (`api_key_env`, pass-through variables).
   * @default process.env
   */
  parentEnv?: Readonly<Record<string, string | undefined>>;
  /** Where `isolate_state` folders are made. @default ${XDG_CACHE_HOME:-~/.cache}/maestro/agent-cli-state */
  stateRoot?: string;
  /** How long a CLI may run on after its final event before its group is killed. @default 3000 */
  resultGraceMs?: number;
  /** Time between SIGTERM and SIGKILL. @default 2000 */
  killGraceMs?: number;
  /** Bytes of stdout/stderr kept in the outcome. @default 1048576 */
  maxCapturedBytes?: number;
  /** Whether Maestro counts as root (claude's bypass needs IS_SANDBOX=1 then). @default uid is 0 */
  isRoot?: boolean;
}

const DEFAULT_RESULT_GRACE_MS = 3000;
// Longest argument shown in the command line of the log; prompts can be long.
const MAX_SHOWN_ARGUMENT_CHARS = 300;

export class AgentCliEngine implements Engine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  readonly #definition: AgentCliDefinition;
  readonly #options: AgentCliEngineOptions;

  constructor(definition: AgentCliDefinition, options: AgentCliEngineOptions = {}) {
    this.#definition = definition;
    this.#options = options;
    this.name = definition.name;
    this.capabilities = definition.capabilities;
  }

  async run(call: EngineCall, io: EngineIo): Promise<AgentCliOutcome> {
    const resolved = resolveAgentCliSettings(call.options);
    if ('problem' in resolved) return refusal(createEngineError('unsupported', resolved.problem));
    const { settings } = resolved;
    const parentEnv = this.#options.parentEnv ?? process.env;
    if (settings.apiKeyEnv && !parentEnv[settings.apiKeyEnv]) {
      return refusal(
        createEngineError(
          'auth',
          `api_key_env names ${settings.apiKeyEnv}, which is not set in Maestro's environment`,
        ),
      );
    }
    if (call.prompt === undefined || call.prompt.trim() === '') {
      return refusal(
        createEngineError('unsupported', `Task '${call.taskId}' has no prompt for ${this.name}`),
      );
    }
    let state: StateFolder | undefined;
    let scratchDir: string | undefined;
    try {
      state = openStateFolder({
        settings,
        engine: this.name,
        cwd: call.cwd,
        stateRoot: this.#options.stateRoot ?? defaultStateRoot(parentEnv),
      });
      scratchDir = mkdtempSync(join(tmpdir(), `maestro-${this.name}-`));
      return await this.#runInvocation({ call, io, settings, parentEnv, state, scratchDir });
    } catch (error) {
      // A state folder or settings file that cannot be written (permissions, a file in the way).
      if (!isFileSystemError(error)) throw error;
      return refusal(
        createEngineError(
          'unsupported',
          `${this.name}: cannot prepare its files: ${(error as Error).message}`,
        ),
      );
    } finally {
      closeStateFolder(state);
      if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
    }
  }

  async #runInvocation(input: {
    call: EngineCall;
    io: EngineIo;
    settings: AgentCliSettings;
    parentEnv: Readonly<Record<string, string | undefined>>;
    state: StateFolder | undefined;
    scratchDir: string;
  }): Promise<AgentCliOutcome> {
    const { call, io, settings, parentEnv, state } = input;
    const definition = this.#definition;
    const context: AgentCliContext = {
      call,
      settings,
      parentEnv,
      stateDir: state?.path,
      scratchDir: input.scratchDir,
      isRoot: this.#options.isRoot ?? process.getuid?.() === 0,
    };
    const invocation = definition.buildInvocation(context);
    if ('unsupported' in invocation) return refusal(createEngineError('unsupported', invocation.unsupported));
    for (const file of invocation.files ?? []) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content);
    }
    const binary = settings.binary ?? definition.defaultBinary;
    const argv = [binary, ...invocation.args];
    const tooLong = invocation.args.find((arg) => Buffer.byteLength(arg) > MAX_ARGUMENT_BYTES);
    if (tooLong !== undefined) {
      return refusal(
        createEngineError(
          'unsupported',
          `${this.name} takes the prompt as an argument, and this one (${Buffer.byteLength(tooLong)} bytes) is over Linux's limit of ${MAX_ARGUMENT_BYTES} bytes for one argument`,
        ),
      );
    }
    const command = formatCommandLine(argv.map(abbreviate));
    for (const note of invocation.notes ?? []) io.onStderr?.(`[maestro] ${note}\n`);

    const watchdog = new Watchdog(
      settings.resultGraceMs ?? this.#options.resultGraceMs ?? DEFAULT_RESULT_GRACE_MS,
    );
    const parser = definition.createParser();
    const sink: AgentStreamSink = {
      text: (chunk) => io.onStdout?.(chunk),
      toolCall: (name) => io.onStdout?.(`\n[tool] ${name}\n`),
      done: () => watchdog.arm(),
      note: (message) => io.onStderr?.(`[maestro] ${message}\n`),
    };
    const splitter = new LineSplitter((line) => parser.push(line, sink));
    let result: ProcessGroupResult;
    try {
      result = await runProcessGroup({
        command: argv,
        shell: false,
        cwd: call.cwd,
        env: this.#environment(call, settings, parentEnv, state, invocation.env),
        timeoutMs: call.timeoutMs,
        input: invocation.input,
        signal: AbortSignal.any([io.signal, watchdog.signal]),
        killGraceMs: this.#options.killGraceMs,
        maxCapturedBytes: this.#options.maxCapturedBytes,
        onStdout: (chunk) => splitter.push(chunk),
        onStderr: io.onStderr,
      });
    } catch (error) {
      // runProcessGroup rejects only for invalid options (a negative timeout, ...).
      if (error instanceof TypeError)
        return refusal(createEngineError('unsupported', error.message), command);
      throw error;
    } finally {
      watchdog.disarm();
    }
    splitter.end();
    const isWatchdogKill = watchdog.hasFired && !io.signal.aborted;
    if (isWatchdogKill) {
      io.onStderr?.(
        `[maestro] ${this.name} did not exit within ${watchdog.graceMs} ms of its final event; its process group was killed\n`,
      );
    }
    const report = parser.finish({ exitCode: result.exitCode, stderr: result.stderr });
    return mapAgentCliExit(result, report, {
      definition,
      binary,
      command,
      timeoutMs: call.timeoutMs,
      isWatchdogKill,
    });
  }

  // The call's minimal environment, plus the CLI's own credentials from the parent, plus what the
  // definition sets. Plan `env` wins over pass-through values; the engine's settings win over both.
  #environment(
    call: EngineCall,
    settings: AgentCliSettings,
    parentEnv: Readonly<Record<string, string | undefined>>,
    state: StateFolder | undefined,
    invocationEnv: Record<string, string>,
  ): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of [...this.#definition.passthroughEnv, ...settings.passEnv]) {
      const value = parentEnv[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, call.env);
    if (state) Object.assign(env, this.#definition.stateEnv(state.path));
    Object.assign(env, invocationEnv);
    return env;
  }
}

// Arms once the final event arrived; aborts its signal when the grace runs out.
class Watchdog {
  readonly graceMs: number;
  readonly #controller = new AbortController();
  #timer?: NodeJS.Timeout;
  #isDisarmed = false;

  constructor(graceMs: number) {
    this.graceMs = graceMs;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get hasFired(): boolean {
    return this.#controller.signal.aborted;
  }

  arm(): void {
    if (this.#timer || this.#isDisarmed) return;
    this.#timer = setTimeout(() => this.#controller.abort(), this.graceMs);
  }

  disarm(): void {
    this.#isDisarmed = true;
    clearTimeout(this.#timer);
  }
}

function refusal(error: EngineError, command?: string): AgentCliOutcome {
  const outcome: AgentCliOutcome = { ok: false, text: '', durationMs: 0, error, toolCallCount: 0 };
  if (command !== undefined) outcome.command = command;
  return outcome;
}

function isFileSystemError(error: unknown): boolean {
  return (
    error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error
  );
}

function abbreviate(argument: string): string {
  return argument.length > MAX_SHOWN_ARGUMENT_CHARS
    ? `${argument.slice(0, MAX_SHOWN_ARGUMENT_CHARS)}… (${argument.length} chars)`
    : argument;
}
