// `maestro explain`: what the next run would do with the cache, task by task, without running anything.
// It walks the plan in dependency order, computes each key the way a run would (upstream outputs taken
// from the cache entries of upstreams that would hit), and says hit, negative hit, miss (naming the key
// component that changed since the last entry), expired, not cached, skipped or waits-on-upstream.
import type { CacheComponent, ComponentChange } from '../cache/index.ts';
import { componentHashes, describeChanges, ResultCache } from '../cache/index.ts';
import { topologicalOrder } from '../plan/dag.ts';
import type { Plan, Task } from '../plan/types.ts';
import { createSecretMasker } from './secret-masker.ts';
import { negativeTtlOf, recordFromEntry } from './task-cache.ts';
import { hashOutput, type KeyContext, taskCacheKey, upstreamFacts } from './task-cache-key.ts';
import { decideTask } from './task-decision.ts';
import type { TaskRecord } from './task-record.ts';
import { baseRecord } from './task-runner.ts';
import { createTemplateLookup } from './template-scope.ts';

export type ExplainVerdict = 'hit' | 'negative_hit' | 'miss' | 'expired' | 'not_cached' | 'waits' | 'skipped';

export interface TaskExplanation {
  task_id: string;
  verdict: ExplainVerdict;
  /** Whether a run now would start the task's command or engine. */
  would_run: boolean;
  key: string | null;
  reason: string;
  entry?: { cached_at: string; kind: string; why: string; status: string; expires_at?: string };
  changed?: ComponentChange[];
  waits_for?: string[];
  components?: Record<CacheComponent, string>;
}

export interface ExplainOptions {
  cacheDir: string;
  cwd: string;
  executionProfile: string;
  parentEnv: NodeJS.ProcessEnv;
  maskSecrets?: boolean;
  now?: Date;
}

export function explainPlanCache(plan: Plan, options: ExplainOptions): TaskExplanation[] {
  const mask = createSecretMasker(plan, options.parentEnv, options.maskSecrets ?? false);
  const store = new ResultCache({ dir: options.cacheDir, planName: plan.name });
  const scope: KeyContext = { plan, cwd: options.cwd, executionProfile: options.executionProfile };
  const now = options.now ?? new Date();
  const records = new Map<string, TaskRecord>();
  const keys = new Map<string, string>();
  const outputs = new Map<string, string>();
  const verdicts = new Map<string, ExplainVerdict>();
  const explained: TaskExplanation[] = [];
  // Remembered failures that stop dispatch under fail_fast (which tasks start before them is a race).
  const failFastBy: string[] = [];
  for (const task of topologicalOrder(plan.tasks).order) {
    const explanation = explainTask();
    if (explanation.would_run && failFastBy.length > 0) {
      explanation.reason += `; fail_fast is on and the remembered failure of ${failFastBy.join(', ')} may stop the run first`;
    }
    if (explanation.verdict === 'negative_hit' && explanation.entry?.status === 'failed' && plan.fail_fast) {
      failFastBy.push(task.id);
    }
    verdicts.set(task.id, explanation.verdict);
    explained.push(explanation);

    function explainTask(): TaskExplanation {
      const runsFirst = task.depends_on.filter((id) => {
        const verdict = verdicts.get(id);
        return verdict !== 'hit' && verdict !== 'negative_hit' && verdict !== 'skipped';
      });
      if (runsFirst.length > 0) {
        const which = runsFirst.map((id) => `${id} (${verdicts.get(id)})`).join(', ');
        return {
          ...unknown(task.id, 'waits'),
          waits_for: runsFirst,
          reason: `depends on upstream ${which}, which would run first; its output decides this key`,
        };
      }
      const lookup = createTemplateLookup(plan, task, records);
      const decision = decideTask(task, records, lookup);
      if (decision.action !== 'run') {
        const status = decision.action === 'skip' ? 'skipped' : 'failed';
        records.set(task.id, { ...simulatedBase(task), status, message: decision.reason });
        return {
          ...unknown(task.id, 'skipped'),
          would_run: false,
          reason: `would not run: ${decision.reason}`,
        };
      }
      if (task.group_plan) {
        return {
          ...unknown(task.id, 'not_cached'),
          reason: 'group task: the tasks of its sub-plan are cached one by one',
        };
      }
      const key = taskCacheKey(scope, task, lookup, upstreamFacts(task, records, keys, outputs));
      const components = componentHashes(key, mask);
      if (task.cache === false) {
        return { ...unknown(task.id, 'not_cached'), key: key.key, components, reason: 'cache: false' };
      }
      const found = store.lookup(key.key, { negativeTtlSec: negativeTtlOf(task), useNegative: true, now });
      const entry = found.found ? found.entry : found.entry;
      const entryFacts = entry
        ? {
            cached_at: entry.document._cached_at,
            kind: entry.kind,
            why: entry.document._cache_why,
            status: String(entry.document.status),
            ...(entry.expiresAt ? { expires_at: entry.expiresAt.toISOString() } : {}),
          }
        : undefined;
      if (found.found) {
        const record = recordFromEntry(simulatedBase(task), found.entry.document, now);
        records.set(task.id, record);
        keys.set(task.id, key.key);
        outputs.set(task.id, String(found.entry.document._output_hash ?? hashOutput(record.output)));
        const negative = found.entry.kind === 'negative';
        return {
          task_id: task.id,
          verdict: negative ? 'negative_hit' : 'hit',
          would_run: false,
          key: key.key,
          components,
          entry: entryFacts,
          reason: negative
            ? `failure remembered until ${found.entry.expiresAt?.toISOString()} (${found.entry.document._cache_why})`
            : `result cached at ${found.entry.document._cached_at}`,
        };
      }
      const base = {
        ...unknown(task.id, found.reason === 'expired' ? 'expired' : 'miss'),
        key: key.key,
        components,
      };
      if (found.reason === 'expired') {
        return {
          ...base,
          entry: entryFacts,
          reason: `the remembered failure expired at ${entry?.expiresAt?.toISOString()}`,
        };
      }
      if (found.reason === 'negative_disabled') {
        return { ...base, entry: entryFacts, reason: 'a failure is cached but negative_cache_ttl_sec is 0' };
      }
      if (found.reason !== 'no_entry')
        return { ...base, reason: `the entry cannot be used (${found.reason})` };
      const since = store.changesSinceLast(task.id, key, mask);
      if (!since) return { ...base, reason: 'no entry: this task has not been cached with this key' };
      return {
        ...base,
        changed: since.changes,
        reason: `${describeChanges(since.changes)} changed since the entry of ${since.previous.stored_at}`,
      };
    }
  }
  return explained;
}

function unknown(taskId: string, verdict: ExplainVerdict): TaskExplanation {
  return { task_id: taskId, verdict, would_run: true, key: null, reason: '' };
}

// What a task's record starts from when explain pretends it ran (the runner's own starting record).
function simulatedBase(task: Task): TaskRecord {
  return { ...baseRecord(task, 0, task.engine ?? 'shell', task.model ?? null, ''), status: 'success' };
}
