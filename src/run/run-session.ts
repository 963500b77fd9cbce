// A run as front doors see it: one run directory, one event log, tasks scheduled in batches (a plan runs
// one batch; the council runs one per round), and the single closing of the run (manifest, summary,
// run_complete) on every path, interrupts and crashes included.
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { Plan, Task } from '../plan/types.ts';
import {
  ArtifactWriter,
  computeRunTotals,
  createRunDirectory,
  dateToEpochMicroseconds,
  EventLog,
  formatEngineLabel,
  type SummaryTaskResult,
  writeRunManifest,
  writeRunSummary,
} from '../store/index.ts';
import { findOutputConsumers } from './output-consumers.ts';
import { openPeriodBudget } from './period-budget.ts';
import type { RunContext } from './run-context.ts';
import { type ResolvedRunOptions, type RunOptions, resolveRunOptions } from './run-options.ts';
import { type RunCounts, summarizeRecords } from './run-outcome.ts';
import { scheduleTasks } from './scheduler.ts';
import { createSecretMasker, maskRunListener, noSecrets } from './secret-masker.ts';
import { createStopRules } from './stop-rules.ts';
import type { SkipKind, TaskRecord } from './task-record.ts';
import type { TaskRunInput } from './task-runner.ts';

export interface RunOutcome {
  runId: string;
  runPath: string;
  success: boolean;
  interrupted: boolean;
  counts: RunCounts;
  costUsd: number | null;
  tokens: number | null;
  durationSec: number;
  records: TaskRecord[];
}

export interface RunPlanOptions extends RunOptions {
  /** Mask every credential-looking environment value (`--mask-secrets`). */
  maskSecrets?: boolean;
}

export interface RunSessionOptions extends RunPlanOptions {
  /** Masks applied on top of this run's own (an enclosing run's secrets, for a nested council). */
  outerMask?: (text: string) => string;
  /** Runs a `group:` task's sub-plan; without it a group task fails with a clear message. */
  runGroup?: (runPath: string, task: Task, signal: AbortSignal) => ReturnType<TaskRunInput['runGroup']>;
}

export interface TaskBatchScope {
  /** Tasks chosen by --only/--skip/--tags (default: all); the others end as `skipped` (kind filter). */
  selected?: ReadonlySet<string>;
  /** Records carried over by --resume; these tasks do not run again. */
  carriedOver?: ReadonlyMap<string, TaskRecord>;
}

export interface RunSession {
  readonly runId: string;
  readonly runPath: string;
  readonly signal: AbortSignal;
  /**
   * Schedules a batch of tasks and resolves with their records (in the order given). Tasks not yet in
   * the plan are added to it; dependencies on tasks that already ended count as met. Outputs of added
   * tasks are kept in full, since the front door that adds tasks reads them.
   */
  runTasks(tasks: readonly Task[], scope?: TaskBatchScope): Promise<TaskRecord[]>;
  /**
   * Resolves when no batch is running. A front door that stops waiting for a batch (an interrupted
   * council) awaits this before close(), so every task still gets its one terminal record.
   */
  settled(): Promise<void>;
  /** The run's secret masker, for what a front door writes beside the run (a history log, an index). */
  readonly mask: (text: string) => string;
  /** Appends a front-door event (council rounds, votes, ...) to the run's event log. */
  event(name: string, data: Record<string, unknown>): void;
  /** Closes the run exactly once: manifest, summary, run_complete, then the event log. */
  close(crash?: unknown): RunOutcome;
}

export function openRunSession(plan: Plan, options: RunSessionOptions): RunSession {
  const resolved = resolveRunOptions(options, plan.max_parallel);
  // Every running attempt listens to the interrupt signal; with max_parallel 64 that is 64 listeners.
  setMaxListeners(0, resolved.signal);
  const ownMask = createSecretMasker(plan, resolved.parentEnv, options.maskSecrets ?? false);
  const outerMask = options.outerMask;
  const mask = outerMask ? (text: string) => ownMask(outerMask(text)) : ownMask;
  // What the CLI shows (task lines, messages) is masked like what is written.
  if (resolved.listener) resolved.listener = maskRunListener(resolved.listener, mask);
  // Opened before the run directory: a ledger that cannot be read fails the run before anything is done.
  const periodBudget = resolved.dryRun ? undefined : openPeriodBudget(plan);
  const startedAt = new Date();
  let directory: { runId: string; path: string };
  let events: EventLog;
  try {
    directory = resolved.runPath
      ? { runId: runIdFromPath(resolved.runPath), path: resolved.runPath }
      : createRunDirectory({
          runsDir: resolved.runsDir ?? plan.run_dir,
          planName: plan.name,
          now: startedAt,
        });
    const onEvent = resolved.listener?.onEvent;
    events = EventLog.open({
      path: join(directory.path, 'events.jsonl'),
      planName: plan.name,
      mask: mask === noSecrets ? undefined : mask,
      onRecord: onEvent ? (record) => onEvent(record) : undefined,
    });
  } catch (error) {
    periodBudget?.close();
    throw error;
  }
  const outputConsumers = findOutputConsumers(plan);
  const stopping = new AbortController();
  const context: RunContext = {
    plan,
    runId: directory.runId,
    runPath: directory.path,
    options: resolved,
    events,
    executor: resolved.executor,
    records: new Map(),
    signal: resolved.signal,
    stopping: stopping.signal,
    stopRun: (reason) => {
      if (!stopping.signal.aborted) stopping.abort(reason);
    },
    mask,
    outputConsumers,
    artifacts: new ArtifactWriter(),
    approvalQueue: Promise.resolve(),
  };
  resolved.listener?.onRunStart?.({
    runId: context.runId,
    runPath: context.runPath,
    planName: plan.name,
    taskCount: plan.tasks.length,
  });
  events.append('run_start', {
    run_id: context.runId,
    plan: plan.name,
    goal: plan.goal,
    tasks: plan.tasks.length,
    max_parallel: resolved.maxParallel,
    run_path: context.runPath,
    dry_run: resolved.dryRun,
    execution_profile: resolved.executionProfile,
    resumed_from: resolved.resumeFrom ?? null,
  });

  const knownIds = new Set(plan.tasks.map((task) => task.id));
  const stopRules = createStopRules(context, periodBudget);
  let firstBatch = true;
  let stop: { kind: SkipKind; reason: string } | undefined;
  let closed: RunOutcome | undefined;
  const runGroup = options.runGroup;

  let inFlight: Promise<unknown> | undefined;

  return {
    runId: context.runId,
    runPath: context.runPath,
    signal: context.signal,
    mask,
    async runTasks(tasks, scope = {}) {
      if (closed) throw new Error(`run ${context.runId} is already closed`);
      // One batch at a time, so max_parallel holds for the whole run.
      if (inFlight) throw new Error(`run ${context.runId} is already running a batch`);
      for (const task of tasks) {
        if (knownIds.has(task.id)) continue;
        knownIds.add(task.id);
        plan.tasks.push(task);
        outputConsumers.add(task.id);
      }
      if (firstBatch) {
        firstBatch = false;
        const carriedOver = scope.carriedOver;
        stop ??= stopRules.beforeFirstBatch(() =>
          tasks
            .filter((task) => !carriedOver?.has(task.id) && (!scope.selected || scope.selected.has(task.id)))
            .map((task) => task.id),
        );
      }
      const batch = scheduleTasks({
        context,
        tasks,
        selected: scope.selected,
        carriedOver: scope.carriedOver ?? new Map(),
        initialStop: stop,
        runGroup: (task, signal) =>
          runGroup
            ? runGroup(context.runPath, task, signal)
            : Promise.resolve({ ok: false, message: 'group tasks are not supported here', output: '' }),
        afterTask: (record, progress) => stopRules.check(record, progress),
        mayStopAfter: stopRules.mayStopAfter,
      });
      inFlight = batch;
      try {
        // fail_fast and interrupts found inside the batch hold for the batches after it.
        stop ??= await batch;
      } finally {
        inFlight = undefined;
      }
      return tasks.map((task) => context.records.get(task.id)!);
    },
    async settled() {
      await inFlight?.catch(() => undefined);
    },
    event(name, data) {
      events.append(name, data);
    },
    close(crash) {
      if (closed) return closed;
      try {
        closed = closeRun(context, startedAt, stopRules.budgetExceeded, crash);
      } finally {
        periodBudget?.close();
        events.close();
        // Every task has ended, so no write is pending; the idle worker holds nothing open.
        void context.artifacts.close();
      }
      return closed;
    },
  };
}

function closeRun(context: RunContext, startedAt: Date, budgetExceeded: boolean, crash: unknown): RunOutcome {
  const finishedAt = new Date();
  const records = context.plan.tasks
    .map((task) => context.records.get(task.id))
    .filter((record): record is TaskRecord => record !== undefined);
  const summary = summarizeRecords(records, context.plan.tasks.length);
  const interrupted = context.signal.aborted;
  const success = summary.success && !interrupted && !budgetExceeded && !crash;
  const durationSec = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  writeRunFiles(context, { startedAt, finishedAt, success, budgetExceeded, interrupted, records });
  context.events.append('run_complete', {
    success,
    ok: summary.counts.ok,
    soft_failed: summary.counts.soft_failed,
    failed: summary.counts.failed,
    skipped: summary.counts.skipped,
    cost_usd: summary.costUsd,
    tokens: summary.tokens,
    duration_sec: Math.round(durationSec * 1000) / 1000,
    cancelled: summary.counts.cancelled,
    dry_run: summary.counts.dry_run,
    interrupted,
    ...(crash ? { error: crash instanceof Error ? crash.message : String(crash) } : {}),
  });
  return {
    runId: context.runId,
    runPath: context.runPath,
    success,
    interrupted,
    counts: summary.counts,
    costUsd: summary.costUsd,
    tokens: summary.tokens,
    durationSec,
    records,
  };
}

function writeRunFiles(
  context: RunContext,
  facts: {
    startedAt: Date;
    finishedAt: Date;
    success: boolean;
    budgetExceeded: boolean;
    interrupted: boolean;
    records: TaskRecord[];
  },
): void {
  const { plan } = context;
  const results = facts.records.flatMap((record) => (record.result ? [record.result] : []));
  const wallSec = (facts.finishedAt.getTime() - facts.startedAt.getTime()) / 1000;
  const totals = computeRunTotals(results, wallSec);
  const common = {
    planName: plan.name,
    runId: context.runId,
    runPath: context.runPath,
    startedAtMicroseconds: dateToEpochMicroseconds(facts.startedAt),
    finishedAtMicroseconds: dateToEpochMicroseconds(facts.finishedAt),
    success: facts.success,
    executionProfile: context.options.executionProfile,
    sequentialDurationSec: totals.sequentialDurationSec,
    parallelismSavingsPct: totals.parallelismSavingsPct,
    totalCostUsd: totals.totalCostUsd,
    totalTokens: totals.totalTokens,
    budgetExceeded: facts.budgetExceeded,
  };
  writeRunManifest(join(context.runPath, 'run_manifest.json'), {
    ...common,
    taskResults: results,
    resultTexts: new Map(
      facts.records.flatMap((record) =>
        record.resultText !== undefined ? [[record.taskId, record.resultText]] : [],
      ),
    ),
    taskGraph: plan.tasks.map((task) => ({
      id: task.id,
      description: task.description,
      dependsOn: task.depends_on,
      agent: task.agent ?? null,
      engine: task.engine ?? null,
      model: task.model ?? null,
      allowFailure: task.allow_failure,
      worktree: task.worktree === true,
    })),
    interrupted: facts.interrupted || undefined,
    resumedFrom: context.options.resumeFrom ?? undefined,
  });
  const byId = new Map<string, SummaryTaskResult>();
  for (const record of facts.records) {
    if (record.result)
      byId.set(record.taskId, {
        ...record.result,
        skip_reason: record.result.skip_reason as string | undefined,
      });
  }
  writeRunSummary(join(context.runPath, 'run_summary.md'), {
    ...common,
    budgetUsd: plan.max_cost_usd ?? null,
    maxParallel: context.options.maxParallel,
    tasks: plan.tasks.map((task) => ({
      id: task.id,
      dependsOn: task.depends_on,
      engineLabel: formatEngineLabel({
        engine: task.engine,
        model: task.model,
        reasoningEffort: task.reasoning_effort,
        group: task.group ? String(task.group) : undefined,
      }),
    })),
    results: byId,
  });
}

function runIdFromPath(path: string): string {
  const name = path.split('/').filter(Boolean).pop() ?? 'run';
  return name;
}

export type { ResolvedRunOptions };
