// What run_summary.md is drawn from. Results are looked up by task id, so callers can pass the map they
// already hold; only the fields listed here are read.
import type { TaskResultRecord } from './task-result-record.ts';

export interface SummaryTask {
  id: string;
  dependsOn: readonly string[];
  /** Engine cell of the task table, see formatEngineLabel(). @default 'shell' */
  engineLabel?: string;
}

export type SummaryTaskResult = Pick<
  TaskResultRecord,
  | 'status'
  | 'duration_sec'
  | 'cost_usd'
  | 'token_usage'
  | 'message'
  | 'log_path'
  | 'stdout_tail'
  | 'failure_history'
> & { skip_reason?: string };

export interface RunSummaryInput {
  planName: string;
  runId: string;
  runPath: string;
  success: boolean;
  startedAtMicroseconds: number;
  finishedAtMicroseconds: number;
  /** @default 'plan' */
  executionProfile?: string;
  totalCostUsd: number | null;
  totalTokens: number | null;
  /** The plan's `max_cost_usd`; adds the Budget row when set. */
  budgetUsd?: number | null;
  budgetExceeded: boolean;
  sequentialDurationSec: number;
  parallelismSavingsPct: number;
  /** The plan's `max_parallel`, for the note on waves wider than it. */
  maxParallel: number;
  /** The plan's (selected) tasks in plan order; tasks without a result are left out. */
  tasks: readonly SummaryTask[];
  results: ReadonlyMap<string, SummaryTaskResult>;
  /**
   * Adds a "Skipped" column with each skipped task's reason (a Maestro addition) when any task was
   * skipped. Turn off for output identical to maestro-cli's. @default true
   */
  includeSkipReasons?: boolean;
}

/** maestro-cli's engine cell: `group:<file>`, `claude:sonnet@high`, `codex:5.5`, `gemini`, or `shell`. */
export function formatEngineLabel(task: {
  engine?: string | null;
  model?: string | null;
  reasoningEffort?: string | null;
  group?: string | null;
}): string {
  if (task.group) return `group:${task.group}`;
  if (!task.engine) return 'shell';
  const model = task.model ?? '';
  const effort = task.reasoningEffort ?? '';
  const detail = model && effort ? `${model}@${effort}` : model || effort;
  return detail ? `${task.engine}:${detail}` : task.engine;
}
