// The DAG scheduler: a ready queue fed by dependency counters, so each task and each edge is touched a
// constant number of times (O(V+E)). Skips cascade through the same queue, so every task reaches exactly
// one terminal record, however it ends.
import type { Task } from '../plan/types.ts';
import { carryOverRecord } from './resume.ts';
import type { RunContext } from './run-context.ts';
import { writeTaskRecord } from './task-artifacts.ts';
import { decideTask } from './task-decision.ts';
import type { SkipKind, TaskRecord } from './task-record.ts';
import { baseRecord, finishSkipped, runTask, type TaskRunInput } from './task-runner.ts';
import { createTemplateLookup } from './template-scope.ts';

export interface ScheduleInput {
  context: RunContext;
  /** The batch to run; a dependency outside it must already have ended (its record is in the context). */
  tasks: readonly Task[];
  /** Tasks chosen by --only/--skip/--tags (default: all); the others end as `skipped` (kind filter). */
  selected?: ReadonlySet<string>;
  /** Records carried over by --resume; these tasks do not run again. */
  carriedOver: ReadonlyMap<string, TaskRecord>;
  runGroup: TaskRunInput['runGroup'];
  /**
   * Called after every task record; returning a stop reason halts dispatch (budget, circuit breaker). A
   * promise holds dispatch until it settles (a circuit breaker asking whether to go on); running tasks
   * go on meanwhile.
   */
  afterTask?: (
    record: TaskRecord,
    batch: BatchProgress,
  ) => StopReason | undefined | Promise<StopReason | undefined>;
  /** A stop reason from an earlier batch of the same run (budget, circuit breaker, ...). */
  initialStop?: { kind: SkipKind; reason: string };
  /**
   * Whether `afterTask` could stop dispatch after a task that ended like this (a cost with a budget set,
   * a failure with a circuit breaker). Such a task keeps its slot until its record is complete, so no
   * task starts before the stop is known. @default every task may stop the run
   */
  mayStopAfter?: (outcome: { status: TaskRecord['status']; costUsd: number | null }) => boolean;
}

export type StopReason = { kind: SkipKind; reason: string };

export interface BatchProgress {
  /** Ids of the batch's tasks not dispatched yet, in plan order: those a stop now leaves unstarted. */
  notDispatched(): string[];
  /** Whether a stop already holds (a record after it is still reported, but cannot stop dispatch again). */
  stopped(): boolean;
}

/** Resolves, once every task of the batch has its record, with the stop reason in force (if any). */
export function scheduleTasks(input: ScheduleInput): Promise<StopReason | undefined> {
  const { context, tasks, selected, carriedOver } = input;
  const byId = new Map<string, Task>();
  for (const task of tasks) byId.set(task.id, task);
  const remainingDependencies = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const ready: Task[] = [];
  for (const task of tasks) {
    // Only dependencies inside the batch are waited for; the others ended in an earlier batch.
    let waitingFor = 0;
    for (const dependencyId of task.depends_on) {
      if (!byId.has(dependencyId)) continue;
      waitingFor += 1;
      const list = dependents.get(dependencyId);
      if (list) list.push(task.id);
      else dependents.set(dependencyId, [task.id]);
    }
    remainingDependencies.set(task.id, waitingFor);
    if (waitingFor === 0) ready.push(task);
  }
  let readyHead = 0;
  let running = 0;
  let finished = 0;
  // Stop rules still deciding (a question on the terminal); no new task starts meanwhile.
  let pending = 0;
  const dispatched = new Set<string>();
  const progress: BatchProgress = {
    notDispatched: () => tasks.flatMap((task) => (dispatched.has(task.id) ? [] : [task.id])),
    stopped: () => stop !== undefined,
  };
  let stop: StopReason | undefined;
  // Once a stop holds, the running tasks are told too: they finish their attempt but retry no more.
  const holdStop = (next: StopReason | undefined) => {
    if (stop || !next) return;
    stop = next;
    context.stopRun(next.reason.replace(/^not started: /, ''));
  };
  holdStop(
    input.initialStop ??
      (context.signal.aborted ? { kind: 'interrupted', reason: 'run interrupted' } : undefined),
  );

  return new Promise<StopReason | undefined>((resolve) => {
    const onAbort = () => {
      holdStop({ kind: 'interrupted', reason: 'run interrupted' });
      pump();
    };
    context.signal.addEventListener('abort', onAbort, { once: true });

    function waveOf(task: Task): number {
      let wave = 0;
      for (const dependencyId of task.depends_on) {
        wave = Math.max(wave, (context.records.get(dependencyId)?.wave ?? 0) + 1);
      }
      return wave;
    }

    function complete(record: TaskRecord) {
      finished += 1;
      if (record.status === 'failed' && context.plan.fail_fast) {
        holdStop({ kind: 'fail_fast', reason: `fail_fast triggered by task '${record.taskId}'` });
      }
      // Every record is reported (its cost is charged even after a stop); only a verdict given while
      // dispatch goes on can stop it.
      const verdict = input.afterTask?.(record, progress);
      if (verdict instanceof Promise) {
        pending += 1;
        verdict
          .catch(
            (error: unknown): StopReason => ({
              kind: 'circuit_breaker',
              reason: `stop rule failed: ${error instanceof Error ? error.message : String(error)}`,
            }),
          )
          .then((decided) => {
            pending -= 1;
            holdStop(decided);
            pump();
          });
      } else {
        holdStop(verdict);
      }
      for (const dependentId of dependents.get(record.taskId) ?? []) {
        const left = (remainingDependencies.get(dependentId) ?? 1) - 1;
        remainingDependencies.set(dependentId, left);
        if (left === 0) ready.push(byId.get(dependentId)!);
      }
    }

    function dispatch(task: Task) {
      dispatched.add(task.id);
      const wave = waveOf(task);
      const carried = carriedOver.get(task.id);
      if (carried) {
        complete(carryOverRecord(context, carried, wave));
        return;
      }
      const base = baseRecord(task, wave, task.engine ?? 'shell', task.model ?? null, '');
      if (selected && !selected.has(task.id)) {
        complete(finishSkipped(context, base, 'filter', 'not selected by --only/--skip/--tags'));
        return;
      }
      const decision = decideTask(
        task,
        context.records,
        createTemplateLookup(context.plan, task, context.records),
      );
      if (decision.action === 'skip') {
        // Behind a task the budget or the breaker left unstarted, the stop is the reason, not the skip.
        const cause = stop && blockedOnlyByStop(task, stop) ? stop : decision;
        complete(finishSkipped(context, base, cause.kind, cause.reason));
        return;
      }
      // Checked after the task's own decision, so a dependant of the failed task says why precisely.
      if (stop) {
        complete(finishSkipped(context, base, stop.kind, stop.reason));
        return;
      }
      if (decision.action === 'fail') {
        const now = new Date();
        complete(
          writeTaskRecord(context, undefined, {
            ...base,
            status: 'failed',
            message: decision.reason,
            failureCategory: 'validation_error',
            startedAt: now,
            finishedAt: now,
          }),
        );
        return;
      }
      running += 1;
      let slotHeld = true;
      const releaseSlot = () => {
        if (!slotHeld) return;
        slotHeld = false;
        running -= 1;
      };
      // Early release only when this outcome cannot trigger fail_fast or a stop rule.
      const releaseEarly = (outcome: { status: TaskRecord['status']; costUsd: number | null }) => {
        const failFast = outcome.status === 'failed' && context.plan.fail_fast;
        if (failFast || (input.mayStopAfter?.(outcome) ?? true)) return;
        releaseSlot();
        pump();
      };
      runTask({ context, task, wave, runGroup: input.runGroup, onAttemptsDone: releaseEarly })
        .catch((error: unknown) => internalFailure(task, wave, error))
        .then((record) => {
          complete(record);
          releaseSlot();
          pump();
        });
    }

    function blockedOnlyByStop(task: Task, holding: StopReason): boolean {
      if (holding.kind !== 'budget' && holding.kind !== 'circuit_breaker') return false;
      let byStop = false;
      for (const dependencyId of task.depends_on) {
        const dependency = context.records.get(dependencyId);
        if (dependency?.status === 'failed' || dependency?.status === 'cancelled') return false;
        if (dependency?.skipKind === holding.kind) byStop = true;
      }
      return byStop;
    }

    // A bug inside the runner must still end the task with a record rather than hang the run.
    function internalFailure(task: Task, wave: number, error: unknown): TaskRecord {
      const now = new Date();
      const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      const existing = context.records.get(task.id);
      if (existing) return existing;
      return writeTaskRecord(context, undefined, {
        ...baseRecord(task, wave, task.engine ?? 'shell', task.model ?? null, ''),
        status: 'failed',
        message,
        failureCategory: 'unknown',
        startedAt: now,
        finishedAt: now,
      });
    }

    // A task can give its slot back before `dispatch` returns (a cache hit awaits nothing first). The
    // loop already running then starts the next task; dispatching it from the nested call instead put
    // every hit on one stack, which overflowed at about a thousand.
    let pumping = false;
    function pump() {
      if (pumping) return;
      pumping = true;
      try {
        while (
          readyHead < ready.length &&
          (stop || (pending === 0 && running < context.options.maxParallel))
        ) {
          const task = ready[readyHead]!;
          readyHead += 1;
          dispatch(task);
        }
      } finally {
        pumping = false;
      }
      // A pending decision is awaited (its answer holds for later batches) unless a stop already holds.
      if (finished === tasks.length && (pending === 0 || stop)) {
        context.signal.removeEventListener('abort', onAbort);
        resolve(stop);
      }
    }

    pump();
  });
}
