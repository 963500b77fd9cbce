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
export {
  type EngineTaskInput,
  engineTask,
  type FrontDoorPlanInput,
  frontDoorPlan,
} from './front-door-task.ts';
export { latestRunDirectoryFor } from './run-lookup.ts';
export type {
  CouncilContext,
  CouncilRequest,
  ExecutionProfile,
  PriceInput,
  RunListener,
  RunOptions,
} from './run-options.ts';
export type { RunCounts } from './run-outcome.ts';
export { type RunOutcome, type RunPlanOptions, runPlan } from './run-plan.ts';
export {
  openRunSession,
  type RunSession,
  type RunSessionOptions,
  type TaskBatchScope,
} from './run-session.ts';
export type { SkipKind, TaskRecord, TaskStatus } from './task-record.ts';
