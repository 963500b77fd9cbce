// What one agent CLI (claude, codex, ...) contributes to the shared AgentCliEngine: how to build its
// command line and environment from an EngineCall, and how to read its structured output stream.
// Everything else (process group, stdin, watchdog, state folders, exit mapping) is shared.
import type { EngineCall, EngineCapabilities, EngineError, TokenUsage } from '../engine.ts';
import type { AgentCliSettings } from './agent-cli-settings.ts';

/**
 * The longest single argument Linux accepts: MAX_ARG_STRLEN (128 KiB) counts the terminating NUL, so an
 * argument of exactly 128 KiB already fails with E2BIG. Longer prompts go to stdin where a CLI allows.
 */
export const MAX_ARGUMENT_BYTES = 128 * 1024 - 1;

export interface AgentCliContext {
  call: EngineCall;
  /** The call's engine options, checked and resolved. */
  settings: AgentCliSettings;
  /** Where credentials named by `api_key_env` are read from (never from the plan). */
  parentEnv: Readonly<Record<string, string | undefined>>;
  /** The CLI's own state folder when isolation was asked for. */
  stateDir?: string;
  /** A folder private to this call for files the command line points at (schemas, configs). */
  scratchDir: string;
  /** Maestro runs as root (claude refuses to bypass permissions as root unless IS_SANDBOX=1). */
  isRoot: boolean;
}

export interface AgentCliInvocation {
  /** Arguments after the binary. */
  args: string[];
  /** Variables added on top of the call's environment. */
  env: Record<string, string>;
  /** Files written before the CLI starts (settings in the state folder, schema files). */
  files?: { path: string; content: string }[];
  /**
   * Text for the CLI's stdin, then closed (a prompt too long for one argument); without it stdin is
   * /dev/null, which codex and opencode need (they wait forever on an open stdin).
   */
  input?: string;
  /** Lines for the task log: flags dropped because they conflict with the profile or the grants. */
  notes?: string[];
}

/** The invocation, or why the call cannot be run faithfully (returned as an `unsupported` error). */
export type AgentCliInvocationResult = AgentCliInvocation | { unsupported: string };

/** Where a parser sends what it reads, as it reads it. */
export interface AgentStreamSink {
  /** Assistant text, for the live log. */
  text(chunk: string): void;
  /** A tool call the agent made. */
  toolCall(name: string): void;
  /** The CLI's final event arrived; the process should exit promptly now. */
  done(): void;
  /** A line for the task log about the run itself (tool calls the CLI refused, ...). */
  note(message: string): void;
}

export interface AgentCliReport {
  /** The task output: the final answer. */
  text: string;
  usage?: TokenUsage;
  costUsd?: number;
  sessionId?: string;
  toolCallCount: number;
  /** The CLI's final event was seen (a clean end of the stream). */
  hasResult: boolean;
  /** A failure the CLI reported in its stream or stderr, whatever its exit code. */
  error?: EngineError;
}

export interface ProcessFacts {
  exitCode: number;
  stderr: string;
}

/** Reads one CLI's structured stdout, one line at a time. One parser per call. */
export interface AgentStreamParser {
  push(line: string, sink: AgentStreamSink): void;
  finish(facts: ProcessFacts): AgentCliReport;
}

export interface AgentCliDefinition {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /** The executable when `binary` is not set. */
  readonly defaultBinary: string;
  /** How to get the CLI, for the not-found message. */
  readonly installHint: string;
  /**
   * Parent variables the CLI needs to reach its provider (keys, endpoints, its own home), copied into
   * the child environment when set: the kernel's environment is minimal on purpose.
   */
  readonly passthroughEnv: readonly string[];
  /** Variables that point the CLI at an isolated state folder. */
  stateEnv(stateDir: string): Record<string, string>;
  buildInvocation(context: AgentCliContext): AgentCliInvocationResult;
  createParser(): AgentStreamParser;
  /** A CLI-specific reading of a non-zero exit (gemini's exit codes); undefined falls back to text. */
  mapExitCode?(exitCode: number, stderr: string): EngineError | undefined;
  /**
   * Whether a clean exit needs the final event (opencode has none: its run ends with the process).
   * @default true
   */
  readonly requiresResultEvent?: boolean;
}
