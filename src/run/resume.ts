// --resume / --resume-last: tasks that succeeded in an earlier run (with the same definition) are carried
// into the new run instead of running again. Their log is copied and their output still feeds dependants.
// The new run gets its own directory and event chain, so the earlier run's chain and artifacts stay exactly
// as they were written, even when that run was killed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { definitionHashOf } from '../plan/task-definition-hash.ts';
import type { Plan } from '../plan/types.ts';
import { shortSha256, taskArtifactPaths } from '../store/index.ts';
import type { RunContext } from './run-context.ts';
import { writeTaskRecord } from './task-artifacts.ts';
import type { TaskRecord, TaskStatus } from './task-record.ts';

const reusableStatuses: ReadonlySet<string> = new Set<TaskStatus>(['success', 'soft_failed']);

export function loadCarriedOverRecords(previousRunPath: string, plan: Plan): Map<string, TaskRecord> {
  const carried = new Map<string, TaskRecord>();
  for (const task of plan.tasks) {
    const { resultPath, logPath } = taskArtifactPaths(previousRunPath, task.id);
    if (!existsSync(resultPath)) continue;
    let result: Record<string, unknown>;
    try {
      result = JSON.parse(readFileSync(resultPath, 'utf8')) as Record<string, unknown>;
    } catch {
      continue; // a result torn by a crash is simply not reused
    }
    if (!reusableStatuses.has(String(result.status))) continue;
    if (result.definition_hash !== definitionHashOf(task)) continue;
    carried.set(task.id, {
      taskId: task.id,
      status: result.status as TaskStatus,
      exitCode: typeof result.exit_code === 'number' ? result.exit_code : null,
      message: String(result.message ?? 'ok'),
      startedAt: new Date(String(result.started_at)),
      finishedAt: new Date(String(result.finished_at)),
      durationSec: Number(result.duration_sec ?? 0),
      command: String(result.command ?? ''),
      output: typeof result.output === 'string' ? result.output : String(result.stdout_tail ?? ''),
      stdoutTail: String(result.stdout_tail ?? ''),
      engine: typeof result.engine === 'string' ? result.engine : null,
      model: typeof result.model === 'string' ? result.model : null,
      wave: 0,
      attempts: Number(result.attempts ?? 1),
      retryCount: Number(result.retry_count ?? 0),
      failureHistory: [],
      costUsd: typeof result.cost_usd === 'number' ? result.cost_usd : null,
      tokenUsage: (result.token_usage as TaskRecord['tokenUsage']) ?? null,
      failureCategory: null,
      logPath,
      resumedFrom: previousRunPath,
    });
  }
  return carried;
}

export function carryOverRecord(context: RunContext, carried: TaskRecord, wave: number): TaskRecord {
  const target = taskArtifactPaths(context.runPath, carried.taskId);
  const logBytes =
    carried.logPath && existsSync(carried.logPath) ? readFileSync(carried.logPath) : Buffer.alloc(0);
  writeFileSync(target.logPath, logBytes);
  const logHash = shortSha256(logBytes);
  return writeTaskRecord(context, logHash, { ...carried, wave });
}
