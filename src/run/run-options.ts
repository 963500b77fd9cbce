// Options of one plan run, resolved once at entry (STYLE habit 6); the rest of run/ sees only
// ResolvedRunOptions.

import type { TokenUsage } from '../engines/engine.ts';
import { MaestroError } from '../errors/index.ts';
import type { Task } from '../plan/types.ts';
import type { Executor } from './executor.ts';
import type { RunCache } from './task-cache.ts';
import type { TaskRecord } from './task-record.ts';

export type ExecutionProfile = 'plan' | 'safe' | 'yolo';

export interface RunListener {
  onRunStart?(info: { runId: string; runPath: string; planName: string; taskCount: number }): void;
  onTaskStart?(task: Task, wave: number): void;
  onTaskEnd?(record: TaskRecord): void;
  onEvent?(record: Record<string, unknown>): void;
}

export interface RunOptions {
  /** Carries out task attempts. */
  executor: Executor;
  /** Runs folder (default: the plan's `run_dir`). */
  runsDir?: string;
  dryRun?: boolean;
  maxParallel?: number;
  only?: string[];
  skip?: string[];
  tags?: string[];
  skipTags?: string[];
  /** A run directory whose succeeded tasks are carried over instead of run again. */
  resumeFrom?: string;
  /**
   * Failures remembered by the cache are not reused: every failed task runs again. Implied by
   * `resumeFrom` (resuming exists to retry what failed), and passed on to group sub-plans, which a
   * resumed run runs afresh.
   */
  retryRememberedFailures?: boolean;
  autoApprove?: boolean;
  /** Asks a person; absent when there is no terminal. */
  askApproval?: (task: Task, message: string) => Promise<boolean>;
  executionProfile?: ExecutionProfile;
  /** Aborting it interrupts the run: no new dispatch, running groups killed, run closed as interrupted. */
  signal?: AbortSignal;
  listener?: RunListener;
  /** Grace between SIGTERM and SIGKILL when a task is stopped. */
  killGraceMs?: number;
  /** Parent environment that the minimal child environment is taken from (default process.env). */
  parentEnv?: NodeJS.ProcessEnv;
  /** Working directory for tasks without workdir/workspace_root (default process.cwd()). */
  cwd?: string;
  /** Exact run folder to use (nested group runs); overrides runsDir. */
  runPath?: string;
  /**
   * Prices an attempt whose engine reported usage but no cost (pricing tables live with the engines;
   * the CLI injects them). Returns undefined for an unknown model.
   */
  priceUsage?: (input: PriceInput) => number | undefined;
  /**
   * Runs the deliberation of a task with a `council:` block (`context_mode: council`); its result becomes
   * the context of the task's own engine call. Injected by the CLI (run/ never imports council/).
   */
  runCouncil?: (request: CouncilRequest) => Promise<CouncilContext>;
  /**
   * Read and write the result cache (`maestro run` turns it on; `--no-cache` off). A hit restores the
   * task's result without running anything. @default false
   */
  cache?: boolean;
  /** Cache folder. @default `<runsDir or the plan's run_dir>/.cache` */
  cacheDir?: string;
  /** The run's cache, opened by runPlan when `cache` is on. Not set by callers. */
  resultCache?: RunCache;
}

export interface CouncilRequest {
  task: Task;
  /** The task's prompt as its engine would get it (templates rendered, upstream context included). */
  question: string;
  /** Folder for the council's own run directory, nested in this run. */
  runPath: string;
  signal: AbortSignal;
  /** The plan's `defaults:` (per-engine settings for the participants). */
  defaults: Record<string, unknown>;
  /** This run's secret masker; the council's own run, history and index apply it too. */
  mask: (text: string) => string;
}

export interface CouncilContext {
  sessionId: string;
  /** `consensus`, `no_consensus`, `no_quorum`, `interrupted`. */
  status: string;
  /** False when the council produced no usable answer (below quorum, interrupted). */
  ok: boolean;
  /** What the task's engine is given: the council's answer, its standing and the minority report. */
  context: string;
  message: string;
  costUsd: number | null;
  tokens: number | null;
}

export interface PriceInput {
  engine: string;
  model: string | undefined;
  usage: TokenUsage;
  /** The engine options of the plan (`defaults.<engine>` + `engine_options`), which may carry `pricing`. */
  options: Record<string, unknown> | undefined;
}

export interface ResolvedRunOptions extends Omit<RunOptions, 'maxParallel' | 'signal' | 'cwd' | 'parentEnv'> {
  maxParallel: number;
  signal: AbortSignal;
  cwd: string;
  parentEnv: NodeJS.ProcessEnv;
  dryRun: boolean;
  executionProfile: ExecutionProfile;
}

export function resolveRunOptions(options: RunOptions, planMaxParallel: number): ResolvedRunOptions {
  const maxParallel = options.maxParallel ?? planMaxParallel;
  if (!Number.isInteger(maxParallel) || maxParallel < 1) {
    throw new MaestroError({
      code: 'E012',
      flag: '--max-parallel',
      message: `Expected --max-parallel to be an integer >= 1, got ${String(maxParallel)}`,
    });
  }
  const executionProfile = options.executionProfile ?? 'plan';
  if (!['plan', 'safe', 'yolo'].includes(executionProfile)) {
    throw new MaestroError({
      code: 'E008',
      flag: '--execution-profile',
      message: `Expected --execution-profile to be one of plan, safe, yolo, got '${executionProfile}'`,
    });
  }
  return {
    ...options,
    maxParallel,
    executionProfile,
    dryRun: options.dryRun ?? false,
    signal: options.signal ?? new AbortController().signal,
    cwd: options.cwd ?? process.cwd(),
    parentEnv: options.parentEnv ?? process.env,
  };
}
