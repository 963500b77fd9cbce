// Writes a task's artifacts into the run directory and emits its terminal event: task_complete (with
// log_hash/result_hash, so `maestro verify` can check them) or task_skip.
import { writeFileSync } from 'node:fs';
import {
  buildTaskResult,
  dateToEpochMicroseconds,
  pythonRound,
  serializeTaskResult,
  shortSha256,
  type TaskResultInput,
  taskArtifactPaths,
  writeTaskResult,
} from '../store/index.ts';
import type { RunContext } from './run-context.ts';
import { noSecrets } from './secret-masker.ts';
import { TaskLog } from './task-log.ts';
import type { TaskRecord } from './task-record.ts';

export function openTaskLog(context: RunContext, taskId: string): TaskLog {
  const { logPath } = taskArtifactPaths(context.runPath, taskId);
  return new TaskLog(logPath, context.mask);
}

/** Ends a task that ran: closes its log, writes result.json, emits task_complete once both are on disk. */
export function completeTaskRecord(
  context: RunContext,
  log: TaskLog,
  draft: TaskRecord,
): Promise<TaskRecord> {
  return completeTaskRecordWithLog(context, () => log.close(context.artifacts), draft);
}

/**
 * The same, for a log written some other way: `writeLog` starts it (at `<run>/<task>.log`) and resolves with
 * its short hash.
 */
export async function completeTaskRecordWithLog(
  context: RunContext,
  writeLog: () => Promise<string>,
  draft: TaskRecord,
): Promise<TaskRecord> {
  const record = withPaths(context, draft);
  const result = buildTaskResult(toResultInput(record, context));
  record.result = result;
  // Both files are written off the main thread; the event naming their hashes follows when both are.
  const text = serializeTaskResult(result);
  const [logHash] = await Promise.all([writeLog(), context.artifacts.write(result.result_path, text)]);
  record.logHash = logHash;
  record.resultText = keepResultText(context, text);
  record.resultHash = shortSha256(text);
  return emitTerminalEvent(context, forgetUnreadOutput(context, record));
}

/**
 * Ends a task that never started (skipped, refused) or was carried over by --resume, synchronously so that
 * skips cascade in one pass. `logHash` is the hash of a log already in place (carried over); otherwise a
 * short log saying why is written.
 */
export function writeTaskRecord(
  context: RunContext,
  logHash: string | undefined,
  draft: TaskRecord,
): TaskRecord {
  const record = withPaths(context, draft);
  if (logHash === undefined) {
    const text = context.mask(`task=${draft.taskId}\nstatus=${draft.status}\nmessage=${draft.message}\n`);
    writeFileSync(record.logPath!, text);
    record.logHash = shortSha256(text);
  } else {
    record.logHash = logHash;
  }
  const result = buildTaskResult(toResultInput(record, context));
  record.result = result;
  const written = writeTaskResult(result);
  record.resultHash = written.hash;
  record.resultText = keepResultText(context, written.text);
  return emitTerminalEvent(context, forgetUnreadOutput(context, record));
}

// The manifest embeds each result.json text instead of serialising the result again (25 µs a task),
// except in very big runs, where holding every text (1.2 KB each) until the end costs more than that.
const keptResultTextsUpTo = 2000;

function keepResultText(context: RunContext, text: string): string | undefined {
  return context.plan.tasks.length <= keptResultTextsUpTo ? text : undefined;
}

function forgetUnreadOutput(context: RunContext, record: TaskRecord): TaskRecord {
  if (!context.outputConsumers.has(record.taskId)) record.output = '';
  return record;
}

// A copy, not the draft completed in place: the records a run keeps take less memory as fresh copies than
// as drafts that gained fields after they were made. A 10 000-task run's kernel peaked at ~206 MB with
// the drafts completed in place and ~193 MB with copies.
function withPaths(context: RunContext, draft: TaskRecord): TaskRecord {
  const paths = taskArtifactPaths(context.runPath, draft.taskId);
  return {
    ...draft,
    durationSec: Math.max(0, (draft.finishedAt.getTime() - draft.startedAt.getTime()) / 1000),
    logPath: paths.logPath,
    resultPath: paths.resultPath,
  };
}

function emitTerminalEvent(context: RunContext, record: TaskRecord): TaskRecord {
  context.records.set(record.taskId, record);
  if (record.status === 'skipped') {
    context.events.append('task_skip', {
      task_id: record.taskId,
      reason: record.message,
      kind: record.skipKind ?? null,
    });
  } else {
    context.events.append('task_complete', {
      task_id: record.taskId,
      status: record.status,
      duration_sec: pythonRound(record.durationSec, 3),
      cost_usd: record.costUsd,
      tokens: record.tokenUsage?.total_tokens ?? null,
      failure_category: record.failureCategory,
      checkpoint_count: null,
      judge_verdict: record.judgeVerdict ?? null,
      log_hash: record.logHash,
      result_hash: record.resultHash,
      ...(record.resumedFrom ? { resumed_from: record.resumedFrom } : {}),
    });
  }
  context.options.listener?.onTaskEnd?.(record);
  return record;
}

// Every text that reaches result.json passes the secret masker here, once, so the manifest (which reuses
// these results) is masked too.
function toResultInput(record: TaskRecord, context: RunContext): TaskResultInput {
  const { mask } = context;
  const usage = record.tokenUsage;
  return {
    taskId: record.taskId,
    status: record.status,
    exitCode: record.exitCode,
    startedAtMicroseconds: dateToEpochMicroseconds(record.startedAt),
    finishedAtMicroseconds: dateToEpochMicroseconds(record.finishedAt),
    durationSec: record.durationSec,
    command: mask(record.command),
    logPath: record.logPath ?? '',
    resultPath: record.resultPath ?? '',
    message: mask(record.message),
    stdoutTail: mask(record.stdoutTail),
    costUsd: record.costUsd,
    tokenUsage: usage
      ? {
          inputTokens: usage.input_tokens,
          cachedTokens: usage.cached_tokens,
          outputTokens: usage.output_tokens,
          cacheCreationTokens: usage.cache_creation_tokens ?? 0,
          totalTokens: usage.total_tokens,
        }
      : null,
    retryCount: record.retryCount,
    toolCallCount: record.toolCallCount ?? 0,
    failureHistory: record.failureHistory.map((failure) => ({
      attempt: failure.attempt,
      category: failure.category,
      exitCode: failure.exit_code,
      message: mask(failure.message),
      verifyTail: mask(failure.verify_tail),
      durationSec: failure.duration_sec,
    })),
    // Kept where a dependant reads it, so --resume can feed it again; the tail covers everything else.
    output: context.outputConsumers.has(record.taskId) ? mask(record.output) : undefined,
    skipReason: record.status === 'skipped' ? mask(record.message) : undefined,
    engine: record.engine ?? undefined,
    model: record.model ?? undefined,
    attempts: record.attempts,
    definitionHash: record.definitionHash,
    extra: {
      ...(record.resultExtra && mask !== noSecrets ? maskDeep(record.resultExtra, mask) : record.resultExtra),
      wave: record.wave,
      ...(record.skipKind ? { skip_kind: record.skipKind } : {}),
      ...(record.resumedFrom ? { resumed_from: record.resumedFrom } : {}),
    },
  };
}

/** Masks every string inside a JSON-like value. */
function maskDeep<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, maskDeep(item, mask)]),
    ) as T;
  }
  return value;
}
