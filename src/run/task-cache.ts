import {
  type CacheEntry,
  type CacheEntryDocument,
  type CacheKey,
  DEFAULT_NEGATIVE_TTL_SEC,
  describeChanges,
  entryLogPath,
  type ResultCache,
  readEntryLog,
  type UpstreamFact,
} from '../cache/index.ts';
import { planDefinitionHash } from '../plan/task-definition-hash.ts';
import type { Task } from '../plan/types.ts';
import { taskArtifactPaths } from '../store/index.ts';
import type { RunContext } from './run-context.ts';
import { noSecrets } from './secret-masker.ts';
import { completeTaskRecord, completeTaskRecordWithLog, openTaskLog } from './task-artifacts.ts';
import { hashOutput, taskCacheKey, upstreamFacts } from './task-cache-key.ts';
import type { FailureRecord, TaskRecord, TaskStatus } from './task-record.ts';
import type { TemplateLookup } from './template-scope.ts';

/** The cache of one run: the store on disk plus the keys and output hashes of the tasks that ended. */
export class RunCache {
  readonly store: ResultCache;
  readonly #keys = new Map<string, string>();
  readonly #outputs = new Map<string, string>();
  readonly #pending = new Set<Promise<void>>();

  constructor(store: ResultCache) {
    this.store = store;
  }

  note(taskId: string, key: string | null, outputHash: string): void {
    if (key !== null) this.#keys.set(taskId, key);
    this.#outputs.set(taskId, outputHash);
  }

  upstreamFacts(task: Task, records: ReadonlyMap<string, TaskRecord>): UpstreamFact[] {
    return upstreamFacts(task, records, this.#keys, this.#outputs);
  }

  track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  /** Resolves when every store started so far is on disk (before the run closes). */
  async settled(): Promise<void> {
    this.store.flushWrites();
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    await this.store.close();
  }
}

/** A task's key and whether its result may be read from and written to the cache. */
export interface TaskCacheProbe {
  cache: RunCache;
  key: CacheKey;
  cacheable: boolean;
}

/** Computes the key of a task about to run, unless the run does not use the cache (or it is a group). */
export function probeTaskCache(
  context: RunContext,
  task: Task,
  lookup: TemplateLookup,
  command: string | string[] | undefined,
): TaskCacheProbe | undefined {
  const cache = context.options.resultCache;
  if (!cache || context.options.dryRun || task.group_plan) return undefined;
  const key = taskCacheKey(
    { plan: context.plan, cwd: context.options.cwd, executionProfile: context.options.executionProfile },
    task,
    lookup,
    cache.upstreamFacts(task, context.records),
    command,
  );
  return { cache, key, cacheable: task.cache !== false };
}

export function negativeTtlOf(task: Task): number {
  return typeof task.negative_cache_ttl_sec === 'number'
    ? task.negative_cache_ttl_sec
    : DEFAULT_NEGATIVE_TTL_SEC;
}

/** The usable entry for the task, or undefined after a `cache_miss` event saying why. */
export function lookUpTask(context: RunContext, task: Task, probe: TaskCacheProbe): CacheEntry | undefined {
  if (!probe.cacheable) return undefined;
  const { store } = probe.cache;
  const found = store.lookup(probe.key.key, {
    negativeTtlSec: negativeTtlOf(task),
    // --resume exists to retry what failed (in its groups too); a remembered failure would defeat it.
    useNegative: context.options.resumeFrom === undefined && !context.options.retryRememberedFailures,
    now: new Date(),
  });
  if (found.found) return found.entry;
  const since =
    found.reason === 'no_entry' ? store.changesSinceLast(task.id, probe.key, context.mask) : undefined;
  context.events.append('cache_miss', {
    task_id: task.id,
    key: probe.key.key,
    reason: found.reason,
    ...(found.entry?.expiresAt ? { expired_at: found.entry.expiresAt.toISOString() } : {}),
    ...(since
      ? { changed: since.changes.map((change) => change.component), detail: describeChanges(since.changes) }
      : {}),
  });
  return undefined;
}

/**
 * Ends a task from its cache entry: the entry's log (with a note), its status, output and tokens, a
 * `cache_hit` event, result.json and task_complete as usual. The original cost is in the event and in
 * result.json (`cached_cost_usd`); this run is charged $0.
 */
export async function restoreCachedTask(
  context: RunContext,
  task: Task,
  base: TaskRecord,
  probe: TaskCacheProbe,
  entry: CacheEntry,
  onAttemptsDone: ((outcome: { status: TaskStatus; costUsd: number | null }) => void) | undefined,
): Promise<TaskRecord> {
  const document = entry.document;
  const now = new Date();
  const draft = recordFromEntry(base, document, now);
  onAttemptsDone?.({ status: draft.status, costUsd: draft.costUsd });
  context.events.append('cache_hit', {
    task_id: task.id,
    key: entry.key,
    kind: entry.kind,
    cached_at: entry.cachedAt.toISOString(),
    ...(entry.expiresAt ? { expires_at: entry.expiresAt.toISOString() } : {}),
    status: draft.status,
    cost_usd: typeof document.cost_usd === 'number' ? document.cost_usd : null,
  });
  // Before the record is completed: completing it drops an output no dependant reads.
  const outputHash = String(document._output_hash ?? hashOutput(draft.output));
  const note = `\n[cache] ${entry.kind} hit ${entry.key.slice(0, 16)} from ${document._cached_at}: nothing was run\n`;
  const { dir } = probe.cache.store;
  let record: TaskRecord;
  if (context.mask === noSecrets) {
    // The entry's log was masked when it was stored and this run has no secrets of its own: the worker
    // copies it without it passing through this thread.
    const { logPath } = taskArtifactPaths(context.runPath, task.id);
    const copy = () => context.artifacts.copyWithNote(entryLogPath(dir, entry.key), logPath, note);
    record = await completeTaskRecordWithLog(context, copy, draft);
  } else {
    // Masked again with this run's secrets, which may name values the storing run did not.
    const log = openTaskLog(context, task.id);
    log.write(readEntryLog(dir, entry.key));
    log.write(note);
    record = await completeTaskRecord(context, log, draft);
  }
  probe.cache.note(task.id, entry.key, outputHash);
  return record;
}

/**
 * A group task is never cached itself (its sub-plan's tasks are), but its dependants' keys need one for
 * it: its sub-plan's definition, so that a changed sub-plan runs them again. Its status and output hash
 * are theirs as for any dependency.
 */
export function noteGroupTask(context: RunContext, task: Task, record: TaskRecord): void {
  const cache = context.options.resultCache;
  if (!cache || context.options.dryRun || !task.group_plan) return;
  cache.note(task.id, `group:${planDefinitionHash(task.group_plan)}`, hashOutput(record.output));
}

/**
 * After a task that ran: remembers its key and output hash for its dependants and, when it may be
 * cached (success, or a failure with a TTL), stores it. The store finishes in the background; the run
 * waits for it before it closes.
 */
export function rememberTaskResult(
  context: RunContext,
  task: Task,
  probe: TaskCacheProbe | undefined,
  record: TaskRecord,
  fullOutput: string,
): void {
  if (!probe) return;
  const output = context.mask(fullOutput);
  const outputHash = hashOutput(output);
  probe.cache.note(task.id, probe.key.key, outputHash);
  if (!probe.cacheable || context.signal.aborted) return;
  const negativeTtlSec = negativeTtlOf(task);
  // A failure is not remembered for a task whose context is untrusted (as maestro-cli): what went wrong
  // may have been steered by that context, and the next run may see different context.
  const storable =
    record.status === 'success' ||
    ((record.status === 'failed' || record.status === 'soft_failed') &&
      negativeTtlSec > 0 &&
      task.context_trust !== 'untrusted');
  if (!storable || !record.result || !record.logPath || !record.logHash) return;
  const { store } = probe.cache;
  const work = store
    .store(
      {
        taskId: task.id,
        key: probe.key,
        result: record.result,
        output,
        outputHash,
        logPath: record.logPath,
        logHash: record.logHash,
        failure: {
          status: record.status,
          exitCode: record.exitCode,
          failureCategory: record.failureCategory,
          lastVerifyTail: record.failureHistory.at(-1)?.verify_tail ?? '',
          judgeVerdict: record.judgeVerdict,
        },
        negativeTtlSec,
      },
      context.mask,
    )
    .then(
      (stored) => {
        context.events.append('cache_store', {
          task_id: task.id,
          key: stored.key,
          kind: stored.kind,
          why: stored.why,
          ...(stored.expiresAt ? { expires_at: stored.expiresAt } : {}),
        });
      },
      (error: unknown) => {
        context.events.append('cache_store_failed', {
          task_id: task.id,
          key: probe.key.key,
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
  probe.cache.track(work);
}

// Keys of result.json that the new run writes itself; every other key of the entry is carried over.
const rewrittenKeys = new Set([
  'task_id',
  'status',
  'exit_code',
  'started_at',
  'finished_at',
  'duration_sec',
  'command',
  'log_path',
  'result_path',
  'message',
  'stdout_tail',
  'cost_usd',
  'token_usage',
  'structured_context',
  'retry_count',
  'failure_history',
  'tool_call_count',
  'task_hash',
  'output',
  'skip_reason',
  'engine',
  'model',
  'attempts',
  'definition_hash',
  'wave',
  'skip_kind',
  'resumed_from',
]);

const defaultedKeys = new Set([
  'checkpoint_count',
  'judge_result',
  'handoff_report',
  'produced_contract',
  'context_raw_tokens',
  'context_final_tokens',
  'context_compression_ratio',
  'context_raw_bytes',
  'context_final_bytes',
  'compression_ratio',
]);

/** The record of a task restored from an entry (also what `explain` assumes a hit produces). */
export function recordFromEntry(base: TaskRecord, document: CacheEntryDocument, now: Date): TaskRecord {
  const extra: Record<string, unknown> = {};
  for (const name of Object.keys(document)) {
    if (name.charCodeAt(0) === 95 /* _ */ || rewrittenKeys.has(name)) continue;
    const value = document[name];
    // result.json's own defaults (null judge_result, 0 context counts) are written anyway.
    if ((value === null || value === 0) && defaultedKeys.has(name)) continue;
    extra[name] = value;
  }
  const originalCost = typeof document.cost_usd === 'number' ? document.cost_usd : null;
  return {
    ...base,
    status: document.status as TaskStatus,
    exitCode: typeof document.exit_code === 'number' ? document.exit_code : null,
    message: String(document.message ?? ''),
    output: typeof document.output === 'string' ? document.output : String(document.stdout_tail ?? ''),
    stdoutTail: String(document.stdout_tail ?? ''),
    command: typeof document.command === 'string' ? document.command : base.command,
    engine: typeof document.engine === 'string' ? document.engine : base.engine,
    model: typeof document.model === 'string' ? document.model : base.model,
    attempts: typeof document.attempts === 'number' ? document.attempts : 1,
    retryCount: typeof document.retry_count === 'number' ? document.retry_count : 0,
    failureHistory: Array.isArray(document.failure_history)
      ? (document.failure_history as FailureRecord[])
      : [],
    // What the result cost when it was made is kept; this run paid nothing for it.
    costUsd: originalCost === null ? null : 0,
    tokenUsage: (document.token_usage as TaskRecord['tokenUsage']) ?? null,
    failureCategory: document._failure_category ?? null,
    toolCallCount: typeof document.tool_call_count === 'number' ? document.tool_call_count : 0,
    judgeVerdict: document._judge_verdict ?? null,
    resultExtra: {
      ...extra,
      cached: true,
      cache_key: document._cache_key,
      cache_kind: document._cache_kind,
      cached_at: document._cached_at,
      cached_cost_usd: originalCost,
      ...(document._cache_expires_at ? { cache_expires_at: document._cache_expires_at } : {}),
    },
    startedAt: now,
    finishedAt: now,
  };
}
