// A task's cache key as the kernel computes it: its definition, its rendered command or prompt, its
// declared env, the plan settings that shape its prompt, the plan defaults of every engine it may call,
// and its dependencies' keys, statuses and output hashes (Merkle). A run and `maestro explain` share it.
import { hash } from 'node:crypto';
import { type CacheKey, computeCacheKey, type UpstreamFact } from '../cache/index.ts';
import { renderTemplate } from '../plan/runtime.ts';
import type { Plan, Task } from '../plan/types.ts';
import { renderCommand } from './task-prompt.ts';
import type { TaskRecord } from './task-record.ts';
import type { TemplateLookup } from './template-scope.ts';

export interface KeyContext {
  plan: Plan;
  cwd: string;
  executionProfile: string;
}

/** The task's key as it would run now. `command` may be passed when already rendered. */
export function taskCacheKey(
  scope: KeyContext,
  task: Task,
  lookup: TemplateLookup,
  upstream: UpstreamFact[],
  command = renderCommand(task.command, lookup),
): CacheKey {
  const { plan } = scope;
  const engine = task.engine;
  return computeCacheKey({
    task,
    rendered: {
      command,
      prompt:
        engine === undefined
          ? undefined
          : task.literal_prompt === true
            ? (task.prompt ?? '')
            : renderTemplate(task.prompt ?? '', lookup),
      pre_command: renderCommand(task.pre_command, lookup),
      verify_command: renderCommand(task.verify_command, lookup),
      guard_command: renderCommand(task.guard_command, lookup),
    },
    workdir: task.workdir ?? plan.workspace_root ?? scope.cwd,
    goal: engine === undefined ? undefined : plan.goal,
    engineOptions:
      engine === undefined
        ? undefined
        : {
            ...((plan.defaults[engine] as Record<string, unknown> | undefined) ?? {}),
            ...((task.engine_options as Record<string, unknown> | undefined) ?? {}),
          },
    executionProfile: engine === undefined ? undefined : scope.executionProfile,
    relatedEngineOptions: relatedEngineOptions(plan, task),
    // It fences upstream text in engine prompts only.
    controlFlowIntegrity: engine !== undefined && plan.control_flow_integrity === true,
    upstream,
  });
}

// Task blocks that may name an engine of their own, whose calls then take that engine's plan defaults.
const blocksNamingEngines = ['judge', 'population', 'council'] as const;

/** `defaults.<name>` for each engine besides the task's own that the task may call. */
function relatedEngineOptions(plan: Plan, task: Task): Record<string, unknown> | undefined {
  const names = new Set<string>();
  if (typeof task.fallback_engine === 'string') names.add(task.fallback_engine);
  const ownDefaults = task.engine
    ? (plan.defaults[task.engine] as Record<string, unknown> | undefined)
    : undefined;
  if (typeof ownDefaults?.fallback_engine === 'string') names.add(ownDefaults.fallback_engine);
  for (const block of blocksNamingEngines) {
    if (task[block] !== undefined) collectEngineNames(task[block], names);
  }
  // A judge without an engine of its own uses the task's engine, or claude for a shell task.
  if (task.judge !== undefined && task.engine === undefined) names.add('claude');
  if (task.engine) names.delete(task.engine);
  let related: Record<string, unknown> | undefined;
  for (const name of names) {
    const options = plan.defaults[name];
    if (options === undefined) continue;
    related ??= {};
    related[name] = options;
  }
  return related;
}

function collectEngineNames(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectEngineNames(item, names);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'engine' || key === 'fallback_engine') && typeof item === 'string') names.add(item);
    else collectEngineNames(item, names);
  }
}

export function upstreamFacts(
  task: Task,
  records: ReadonlyMap<string, TaskRecord>,
  keys: ReadonlyMap<string, string>,
  outputs: ReadonlyMap<string, string>,
): UpstreamFact[] {
  return [...task.depends_on].sort().map((id) => {
    const record = records.get(id);
    return {
      id,
      key: keys.get(id) ?? null,
      status: record?.status ?? 'missing',
      outputHash: outputs.get(id) ?? hashOutput(record?.output ?? ''),
    };
  });
}

export function hashOutput(maskedOutput: string): string {
  return hash('sha256', maskedOutput, 'hex');
}
