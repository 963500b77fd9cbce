// What the kernel knows about a task once it has ended. Every task gets exactly one of these.
import type { TokenUsage } from '../engines/engine.ts';
import type { TaskResultRecord } from '../store/index.ts';

export type TaskStatus = 'success' | 'failed' | 'soft_failed' | 'skipped' | 'cancelled' | 'dry_run';

/** Why a task was skipped; decides whether the skip makes the run unsuccessful. */
export type SkipKind =
  | 'condition'
  | 'dependency'
  | 'filter'
  | 'approval'
  | 'fail_fast'
  | 'budget'
  | 'circuit_breaker'
  | 'interrupted';

export interface FailureRecord {
  attempt: number;
  category: string;
  exit_code: number | null;
  message: string;
  verify_tail: string;
  duration_sec: number;
}

export interface TaskRecord {
  taskId: string;
  status: TaskStatus;
  exitCode: number | null;
  message: string;
  startedAt: Date;
  finishedAt: Date;
  durationSec: number;
  command: string;
  /** Full task output (stdout or model text), used by templates and dependants. */
  output: string;
  stdoutTail: string;
  engine: string | null;
  model: string | null;
  wave: number;
  attempts: number;
  retryCount: number;
  failureHistory: FailureRecord[];
  costUsd: number | null;
  tokenUsage: TokenUsage | null;
  failureCategory: string | null;
  toolCallCount?: number;
  skipKind?: SkipKind;
  logPath?: string;
  resultPath?: string;
  logHash?: string;
  resultHash?: string;
  /** Set when the record was carried over from an earlier run by --resume. */
  resumedFrom?: string;
  /** Identifies the task's definition; --resume carries a task over only when it is unchanged. */
  definitionHash?: string;
  /**
   * Fields of result.json beyond maestro-cli's core set (judge_result, structured_output, handoff_report,
   * cache facts, ...), written as they are (after masking of strings).
   */
  resultExtra?: Record<string, unknown>;
  /** The judge's last verdict (`pass`, `warn`, `fail`, `error`), for the task_complete event. */
  judgeVerdict?: string | null;
  /** The `<task>.result.json` document as written (secret-masked); the manifest reuses it. */
  result?: TaskResultRecord;
  /** The exact text of that result.json (the manifest embeds it without serialising it again). */
  resultText?: string;
}

export const successLikeStatuses: ReadonlySet<TaskStatus> = new Set(['success', 'soft_failed', 'dry_run']);

/** Skips that are a normal outcome of the plan, not a sign that something went wrong. */
export const benignSkipKinds: ReadonlySet<SkipKind> = new Set(['condition', 'filter']);
