// Writes a task's artifacts into the run directory and emits its terminal event: task_complete (with
// log_hash/result_hash, so `maestro verify` can check them) or task_skip.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  buildTaskResult,
  dateToEpochMicroseconds,
  pythonRound,
  type TaskResultInput,
  taskArtifactPaths,
  writeTaskResult,
} from '../store/index.ts';
import type { RunContext } from './run-context.ts';
import { TaskLog } from './task-log.ts';
import type { TaskRecord } from './task-record.ts';

export function openTaskLog(context: RunContext, taskId: string): TaskLog {
  const { logPath } = taskArtifactPaths(context.runPath, taskId);
  mkdirSync(dirname(logPath), { recursive: true });
  return new TaskLog(logPath, context.mask);
}

/**
 * `log` is the task's open log, or the sha256[:16] of a log already in place (a task carried over by
 * --resume), or undefined for a task that never started (a short log says why).
 */
/**
 * `log` is the task's open log, or the sha256[:16] of a log already in place (a task carried over by
 * --resume), or undefined for a task that never started (a short log says why).
 */
export function writeTaskRecord(
  context: RunContext,
  log: TaskLog | string | undefined,
  draft: TaskRecord,
): TaskRecord {
  const paths = taskArtifactPaths(context.runPath, draft.taskId);
  const record: TaskRecord = {
    ...draft,
    durationSec: Math.max(0, (draft.finishedAt.getTime() - draft.startedAt.getTime()) / 1000),
    logPath: paths.logPath,
    resultPath: paths.resultPath,
  };
  let logHash: string;
  if (typeof log === 'string') {
    logHash = log;
  } else if (log) {
    logHash = log.close();
  } else {
    // A task that never started still gets a log saying why, so nothing about it is left unexplained.
    const skippedLog = openTaskLog(context, draft.taskId);
    skippedLog.line(`task=${draft.taskId}`);
    skippedLog.line(`status=${draft.status}`);
    skippedLog.line(`message=${draft.message}`);
    logHash = skippedLog.close();
  }
  const result = buildTaskResult(toResultInput(record, context.mask));
  record.result = result;
  record.logHash = logHash;
  record.resultHash = writeTaskResult(result).hash;
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
      judge_verdict: null,
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
function toResultInput(record: TaskRecord, mask: (text: string) => string): TaskResultInput {
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
    failureHistory: record.failureHistory.map((failure) => ({
      attempt: failure.attempt,
      category: failure.category,
      exitCode: failure.exit_code,
      message: mask(failure.message),
      verifyTail: mask(failure.verify_tail),
      durationSec: failure.duration_sec,
    })),
    output: mask(record.output),
    skipReason: record.status === 'skipped' ? record.message : undefined,
    engine: record.engine ?? undefined,
    model: record.model ?? undefined,
    attempts: record.attempts,
    definitionHash: record.definitionHash,
    extra: {
      wave: record.wave,
      ...(record.skipKind ? { skip_kind: record.skipKind } : {}),
      ...(record.resumedFrom ? { resumed_from: record.resumedFrom } : {}),
    },
  };
}
