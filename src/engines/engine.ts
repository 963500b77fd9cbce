// The seam between the kernel and everything that produces a task's output. An engine knows nothing
// about plans: it turns one EngineCall into one EngineOutcome and never throws for an expected failure.
import type { MockSpec } from '../plan/types.ts';

export type EngineErrorKind =
  | 'timeout'
  | 'cancelled'
  | 'rate_limited'
  | 'auth'
  | 'not_found'
  | 'bad_output'
  | 'crashed'
  | 'exit_code'
  | 'unsupported';

export interface EngineError {
  kind: EngineErrorKind;
  message: string;
  retryable: boolean;
  /** The provider's own error value, kept for the log. */
  raw?: unknown;
}

/**
 * Token counts of a call in Maestro's one convention, whatever the provider calls them. The prompt is
 * split into three parts that never overlap, so each token is counted (and priced) exactly once:
 * - `input_tokens`: prompt tokens neither read from nor written to a prompt cache. Providers whose prompt
 *   count includes cached tokens (OpenAI, codex, Gemini, qwen) are reported with those subtracted;
 *   Anthropic's (HTTP and Claude Code) and opencode's `input` already exclude cache reads and writes.
 * - `cached_tokens`: prompt tokens read from a cache (cache hits).
 * - `cache_creation_tokens`: prompt tokens written to a cache (Anthropic, opencode, codex); absent or 0
 *   elsewhere.
 * - `output_tokens`: generated tokens, reasoning included.
 * - `total_tokens`: input + cached + cache_creation + output.
 * The whole prompt is therefore input + cached + cache_creation (what long-context price tiers measure).
 * Producers build it with `tokenUsage` (agent-cli/token-usage.ts) or `buildTokenUsage` (http/token-usage.ts).
 */
export interface TokenUsage {
  /** Uncached prompt tokens: excludes both cache reads and cache writes. */
  input_tokens: number;
  output_tokens: number;
  /** Prompt tokens read from a cache; not part of `input_tokens`. */
  cached_tokens: number;
  /** Prompt tokens written to a cache; not part of `input_tokens`. */
  cache_creation_tokens?: number;
  total_tokens: number;
}

export interface EngineCall {
  taskId: string;
  engine: string;
  /** 1-based attempt number. */
  attempt: number;
  cwd: string;
  /** The complete child environment (already minimal); engines add nothing they were not given. */
  env: Record<string, string>;
  timeoutMs?: number;
  /** Shell tasks: a string runs through `sh -c`, a list is executed directly. */
  command?: string | string[];
  /** Force (true) or forbid (false) a shell for a string command. */
  shell?: boolean;
  /** Engine tasks. */
  prompt?: string;
  systemPrompt?: string;
  model?: string;
  reasoningEffort?: string;
  args?: string[];
  mock?: MockSpec;
  /** `--execution-profile`: how an agent CLI's permission flags are set. @default 'plan' */
  executionProfile?: 'plan' | 'safe' | 'yolo';
  /** Tool grants (`allowed_tools`), mapped by engines whose CLI can enforce them. */
  allowedTools?: string[];
  appendSystemPrompt?: string;
  /** The agent (persona) a CLI should use, e.g. `claude --agent`. */
  agent?: string;
  editPolicy?: string;
  /** JSON Schema the answer must satisfy (structured output), where the engine can constrain it. */
  outputSchema?: Record<string, unknown>;
  /**
   * Engine settings from the plan: `defaults.<engine>` (base_url, api_key_env, options, pricing, ...)
   * with the task's `engine_options` on top. Passed through untouched by the kernel.
   */
  options?: Record<string, unknown>;
}

export interface EngineIo {
  signal: AbortSignal;
  /** Raw output as it arrives: stdout text of a process or streamed model text. */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface EngineOutcome {
  ok: boolean;
  /** The task output: stdout for a process, the final text for a model. */
  text: string;
  stderr?: string;
  exitCode?: number | null;
  usage?: TokenUsage;
  costUsd?: number;
  /** Human-readable command line or request summary, for the log and result.json. */
  command?: string;
  durationMs: number;
  /** Tool calls the agent made (agent CLIs). */
  toolCallCount?: number;
  /** The provider's or CLI's session id, for resuming or auditing. */
  sessionId?: string;
  error?: EngineError;
}

/** What an engine can enforce; the kernel refuses plan settings an engine would otherwise ignore. */
export interface EngineCapabilities {
  /** `allowed_tools` is enforced (mapped to the CLI's own permission flags). */
  toolGrants: boolean;
  /** `output_schema` constrains the answer (schema-constrained decoding or a JSON-schema format). */
  structuredOutput: boolean;
}

export interface Engine {
  readonly name: string;
  /** Absent means neither tool grants nor structured output are enforced. */
  readonly capabilities?: EngineCapabilities;
  run(call: EngineCall, io: EngineIo): Promise<EngineOutcome>;
}
