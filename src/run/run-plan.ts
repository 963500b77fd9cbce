// The kernel's front door for a plan: selection, preflight and carry-over before anything is written,
// then every task of the plan scheduled in one run session, which owns the run directory, the event log
// and the single closing of the run.
import { join, resolve } from 'node:path';
import { ResultCache } from '../cache/index.ts';
import type { Plan, Task } from '../plan/types.ts';
import { preflightPlan } from './preflight.ts';
import { loadCarriedOverRecords } from './resume.ts';
import { resolveRunOptions } from './run-options.ts';
import { openRunSession, type RunOutcome, type RunPlanOptions } from './run-session.ts';
import { RunCache } from './task-cache.ts';
import { selectTasks } from './task-selection.ts';

export type { RunOutcome, RunPlanOptions };

export async function runPlan(plan: Plan, options: RunPlanOptions): Promise<RunOutcome> {
  const resolved = resolveRunOptions(options, plan.max_parallel);
  const selected = selectTasks(plan, resolved);
  preflightPlan(plan, {
    executor: resolved.executor,
    dryRun: resolved.dryRun,
    selected,
    canRunCouncil: resolved.runCouncil !== undefined,
  });
  const carriedOver = resolved.resumeFrom ? loadCarriedOverRecords(resolved.resumeFrom, plan) : new Map();
  const cacheDir = cacheDirFor(plan, options);
  const resultCache =
    options.cache && !resolved.dryRun
      ? new RunCache(new ResultCache({ dir: cacheDir, planName: plan.name }))
      : undefined;
  const session = openRunSession(plan, {
    ...options,
    resultCache,
    // Group sub-plans share this run's cache folder.
    runGroup: (runPath, task, signal) => runGroupTask(runPath, task, signal, { ...options, cacheDir }),
  });
  let crash: unknown;
  try {
    await session.runTasks(plan.tasks, { selected, carriedOver });
  } catch (error) {
    crash = error;
  }
  // Cache stores end (with their events) before run_complete; the index is written once per run.
  await resultCache?.settled().catch(() => undefined);
  const outcome = session.close(crash);
  resultCache?.store.flushIndex();
  if (crash) throw crash;
  return outcome;
}

/** `--cache-dir`, else `.cache` in the run root (`--run-dir`, else the plan's `run_dir`). */
export function cacheDirFor(plan: Plan, options: Pick<RunPlanOptions, 'cacheDir' | 'runsDir'>): string {
  return resolve(options.cacheDir ?? join(options.runsDir ?? plan.run_dir, '.cache'));
}

async function runGroupTask(
  runPath: string,
  task: Task,
  signal: AbortSignal,
  options: RunPlanOptions,
): Promise<{ ok: boolean; message: string; output: string }> {
  const nested = await runPlan(task.group_plan!, {
    ...options,
    signal,
    runPath: join(runPath, task.id),
    resumeFrom: undefined,
    retryRememberedFailures: options.retryRememberedFailures || options.resumeFrom !== undefined,
    listener: undefined,
    only: undefined,
    skip: undefined,
    tags: undefined,
    skipTags: undefined,
    maxParallel: undefined,
  });
  const { counts } = nested;
  const message = `group ${nested.success ? 'succeeded' : 'failed'}: ${counts.ok} ok / ${counts.failed} failed / ${counts.skipped} skipped`;
  const output = nested.records.map((record) => `${record.taskId}: ${record.status}`).join('\n');
  return { ok: nested.success, message, output };
}
