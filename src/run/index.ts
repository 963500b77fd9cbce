/**
 * @module run — the kernel: run a loaded plan through an Executor, with one event log and one terminal
 * record per task.
 */
export type {
  AttemptIo,
  AttemptOutcome,
  AttemptRequest,
  Executor,
  GateCommand,
  GateOutcome,
} from './executor.ts';
export { latestRunDirectoryFor } from './run-lookup.ts';
export type { ExecutionProfile, PriceInput, RunListener, RunOptions } from './run-options.ts';
export type { RunCounts } from './run-outcome.ts';
export { type RunOutcome, type RunPlanOptions, runPlan } from './run-plan.ts';
export type { SkipKind, TaskRecord, TaskStatus } from './task-record.ts';
