// Everything a running plan shares: identity, folders, the event log, the records of ended tasks, the
// executor and the interrupt signal. Created once per run by runPlan.
import type { Plan } from '../plan/types.ts';
import type { ArtifactWriter } from '../store/index.ts';
import type { Executor } from './executor.ts';
import type { ResolvedRunOptions } from './run-options.ts';
import type { TaskRecord } from './task-record.ts';

export interface EventSink {
  append(event: string, data: Record<string, unknown>): void;
}

export interface RunContext {
  plan: Plan;
  runId: string;
  runPath: string;
  options: ResolvedRunOptions;
  events: EventSink;
  executor: Executor;
  records: Map<string, TaskRecord>;
  /** Aborted on interrupt; every running attempt listens to it. */
  signal: AbortSignal;
  /**
   * Aborted (with the reason) once the run stops dispatching: fail_fast, the budget, the circuit
   * breaker, an interrupt. Running attempts finish, but no task starts another one after it.
   */
  stopping: AbortSignal;
  /** Trips `stopping`; the scheduler calls it when a stop holds. Later calls keep the first reason. */
  stopRun(reason: string): void;
  mask: (text: string) => string;
  /** Tasks whose full output is read later (templates, context_from); others keep only their tail. */
  outputConsumers: Set<string>;
  /** Writes task logs and results off the main thread. */
  artifacts: ArtifactWriter;
  /** Serialises approval prompts so two tasks never ask at once. */
  approvalQueue: Promise<unknown>;
}
