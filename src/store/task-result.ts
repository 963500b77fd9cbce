// Builds the `<task>.result.json` document from typed, camelCase input, filling maestro-cli's defaults
// so every key is present in maestro-cli's order.
import { formatPythonIsoTime } from './python-time.ts';
import type {
  FailureRecord,
  StructuredContextRecord,
  TaskResultRecord,
  TaskResultStatus,
  TokenUsageRecord,
} from './task-result-record.ts';

export interface TokenUsageInput {
  inputTokens: number;
  cachedTokens?: number;
  outputTokens: number;
  cacheCreationTokens?: number;
  /** @default inputTokens + cachedTokens + outputTokens, maestro-cli's sum */
  totalTokens?: number;
}

export interface StructuredContextInput {
  /** @default the result's status */
  status?: string;
  /** Files the task changed, as measured by Maestro (never guessed from stdout). @default [] */
  filesChanged?: string[];
  decisions?: string[];
  errors?: string[];
  warnings?: string[];
  resultText?: string;
  summary?: string;
}

export interface FailureRecordInput {
  attempt: number;
  category: string;
  exitCode: number | null;
  message: string;
  verifyTail?: string;
  durationSec?: number;
}

export interface TaskResultInput {
  taskId: string;
  status: TaskResultStatus;
  /** null for tasks that never ran. @default null */
  exitCode?: number | null;
  startedAtMicroseconds: number;
  finishedAtMicroseconds: number;
  /** @default (finished - started) in seconds */
  durationSec?: number;
  /** The command line, already secret-masked. @default '' */
  command?: string;
  logPath: string;
  resultPath: string;
  message?: string;
  stdoutTail?: string;
  costUsd?: number | null;
  tokenUsage?: TokenUsageInput | null;
  /** @default a context with empty lists for tasks that ran, null for skipped tasks */
  structuredContext?: StructuredContextInput | null;
  retryCount?: number;
  failureHistory?: FailureRecordInput[];
  checkpointCount?: number;
  toolCallCount?: number;
  judgeResult?: Record<string, unknown> | null;
  handoffReport?: Record<string, unknown> | null;
  producedContract?: Record<string, unknown> | null;
  contextRawTokens?: number;
  contextFinalTokens?: number;
  contextCompressionRatio?: number;
  contextRawBytes?: number;
  contextFinalBytes?: number;
  compressionRatio?: number;
  taskHash?: string | null;
  /** Maestro extras, written after maestro-cli's keys when set. */
  output?: unknown;
  skipReason?: string;
  engine?: string;
  model?: string;
  attempts?: number;
  definitionHash?: string;
  /** Further keys (snake_case, written verbatim and last), e.g. maestro-cli's optional `grant_violations`. */
  extra?: Record<string, unknown>;
}

/** The plain `<task>.result.json` object for `input`, keys in maestro-cli's order. */
export function buildTaskResult(input: TaskResultInput): TaskResultRecord {
  const exitCode = input.exitCode ?? null;
  const durationSec = input.durationSec ?? (input.finishedAtMicroseconds - input.startedAtMicroseconds) / 1e6;
  const costUsd = input.costUsd ?? null;
  const record: TaskResultRecord = {
    task_id: input.taskId,
    status: input.status,
    exit_code: exitCode,
    started_at: formatPythonIsoTime(input.startedAtMicroseconds),
    finished_at: formatPythonIsoTime(input.finishedAtMicroseconds),
    duration_sec: durationSec,
    command: input.command ?? '',
    log_path: input.logPath,
    result_path: input.resultPath,
    message: input.message ?? '',
    stdout_tail: input.stdoutTail ?? '',
    cost_usd: costUsd,
    token_usage: input.tokenUsage ? buildTokenUsage(input.tokenUsage) : null,
    structured_context: buildStructuredContext(input, exitCode, durationSec, costUsd),
    retry_count: input.retryCount ?? 0,
    failure_history: (input.failureHistory ?? []).map(buildFailureRecord),
    checkpoint_count: input.checkpointCount ?? 0,
    tool_call_count: input.toolCallCount ?? 0,
    judge_result: input.judgeResult ?? null,
    handoff_report: input.handoffReport ?? null,
    produced_contract: input.producedContract ?? null,
    context_raw_tokens: input.contextRawTokens ?? 0,
    context_final_tokens: input.contextFinalTokens ?? 0,
    context_compression_ratio: input.contextCompressionRatio ?? 0,
    context_raw_bytes: input.contextRawBytes ?? 0,
    context_final_bytes: input.contextFinalBytes ?? 0,
    compression_ratio: input.compressionRatio ?? 0,
    task_hash: input.taskHash ?? null,
  };
  const extras: Record<string, unknown> = {
    output: input.output,
    skip_reason: input.skipReason,
    engine: input.engine,
    model: input.model,
    attempts: input.attempts,
    definition_hash: input.definitionHash,
    ...input.extra,
  };
  for (const [key, value] of Object.entries(extras)) {
    if (value !== undefined) record[key] = value;
  }
  return record;
}

export function buildTokenUsage(input: TokenUsageInput): TokenUsageRecord {
  const cachedTokens = input.cachedTokens ?? 0;
  return {
    input_tokens: input.inputTokens,
    cached_tokens: cachedTokens,
    output_tokens: input.outputTokens,
    cache_creation_tokens: input.cacheCreationTokens ?? 0,
    total_tokens: input.totalTokens ?? input.inputTokens + cachedTokens + input.outputTokens,
  };
}

function buildStructuredContext(
  input: TaskResultInput,
  exitCode: number | null,
  durationSec: number,
  costUsd: number | null,
): StructuredContextRecord | null {
  const context =
    input.structuredContext === undefined ? defaultContext(input.status) : input.structuredContext;
  if (context === null) return null;
  return {
    task_id: input.taskId,
    status: context.status ?? input.status,
    exit_code: exitCode,
    duration_sec: durationSec,
    files_changed: context.filesChanged ?? [],
    decisions: context.decisions ?? [],
    errors: context.errors ?? [],
    warnings: context.warnings ?? [],
    cost_usd: costUsd,
    result_text: context.resultText ?? '',
    summary: context.summary ?? '',
  };
}

// maestro-cli extracts a context for every task that ran and writes null for skipped ones.
function defaultContext(status: TaskResultStatus): StructuredContextInput | null {
  return status === 'skipped' ? null : {};
}

function buildFailureRecord(input: FailureRecordInput): FailureRecord {
  return {
    attempt: input.attempt,
    category: input.category,
    exit_code: input.exitCode,
    message: input.message,
    verify_tail: input.verifyTail ?? '',
    duration_sec: input.durationSec ?? 0,
  };
}
