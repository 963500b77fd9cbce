// Builds the task the kernel reads: `defaults` and `defaults.<engine>` folded in (the task's own value
// wins; args are defaults args then task args; env is merged per key), lists always lists, paths
// absolute, the prompt read from its file, and the task's place in the plan file.
import { resolve } from 'node:path';
import type { LoadedTask } from '../load/task-entry.ts';
import { DEFAULT_STDOUT_TAIL_LINES, isEngineName } from '../plan-vocabulary.ts';
import type { PlanDefaults } from '../schema/defaults-schema.ts';
import { MOCK_SPEC_KEYS } from '../schema/plan-fields.ts';
import type { MockSpec, Task } from '../types.ts';

export interface ResolveContext {
  defaults: PlanDefaults;
  /** Folder that relative paths of this task start from (its plan file's folder). */
  baseDir: string;
  /** Absolute workspace_root: the working directory of tasks that set none. */
  workspaceRoot?: string;
}

const MOCK_KEYS: readonly string[] = MOCK_SPEC_KEYS;

export function resolveTask(loaded: LoadedTask, prompt: string | undefined, context: ResolveContext): Task {
  const { task, origin } = loaded;
  const { defaults, baseDir } = context;
  const block = task.engine && isEngineName(task.engine) ? defaults[task.engine] : undefined;
  // Object.assign rather than `{...task, ...}`: V8 builds spread literals over varied shapes very slowly.
  const resolved = Object.assign({}, task) as Task;
  resolved.tags = task.tags ?? [];
  resolved.depends_on = [...new Set(task.depends_on ?? [])];
  resolved.context_from = task.context_from ?? [];
  resolved.env = Object.assign({}, defaults.env, task.env);
  resolved.allow_failure = task.allow_failure ?? false;
  resolved.requires_approval = task.requires_approval ?? false;
  resolved.max_retries = task.max_retries ?? 0;
  resolved.stdout_tail_lines =
    task.stdout_tail_lines ?? defaults.stdout_tail_lines ?? DEFAULT_STDOUT_TAIL_LINES;
  // A dynamic group's output depends on the workspace, so it is never cached (as maestro-cli).
  resolved.cache = task.dynamic_group === true ? false : (task.cache ?? true);
  resolved.context_mode = task.context_mode ?? 'raw';
  resolved.source = {
    file: origin.source.file,
    path: [...origin.path],
    location: origin.source.locate(origin.path),
  };
  assignDefined(resolved, {
    prompt,
    timeout_sec: task.timeout_sec ?? defaults.timeout_sec,
    retry_delay_sec: task.retry_delay_sec ?? defaults.retry_delay_sec,
    retry_strategy: task.retry_strategy ?? defaults.retry_strategy,
    requires_clean_worktree: task.requires_clean_worktree ?? defaults.requires_clean_worktree,
    context_budget_tokens: task.context_budget_tokens ?? defaults.context_budget_tokens,
    context_compaction:
      task.context_compaction ?? (task.context_compact ? 'standard' : defaults.context_compaction),
    signals: task.signals ?? defaults.signals,
    workspace_index_exclude: task.workspace_index_exclude ?? defaults.workspace_index_exclude,
    workdir: task.workdir !== undefined ? resolve(baseDir, task.workdir) : context.workspaceRoot,
    group: task.group !== undefined ? resolve(baseDir, task.group) : undefined,
  });
  if (task.engine !== undefined) {
    assignDefined(resolved, {
      edit_policy: task.edit_policy ?? defaults.edit_policy,
      model: task.model ?? block?.model,
      reasoning_effort: task.reasoning_effort ?? block?.reasoning_effort,
      args: [...(block?.args ?? []), ...(task.args ?? [])],
      append_system_prompt: task.append_system_prompt ?? block?.append_system_prompt,
      escalation: task.escalation && task.escalation.length > 0 ? task.escalation : block?.escalation,
      fallback_engine: task.fallback_engine ?? block?.fallback_engine,
      fallback_model: task.fallback_model ?? block?.fallback_model,
      context_model: task.context_model ?? block?.context_model,
      allowed_tools: task.allowed_tools ?? block?.allowed_tools,
    });
  }
  if (task.engine === 'mock') {
    const mock = mockDefaults(defaults);
    if (mock || task.mock) resolved.mock = { ...mock, ...(task.mock as MockSpec | undefined) };
  }
  return resolved;
}

function mockDefaults(defaults: PlanDefaults): MockSpec | undefined {
  const block = defaults.mock as Record<string, unknown> | undefined;
  if (!block) return undefined;
  const spec: Record<string, unknown> = {};
  for (const key of MOCK_KEYS) if (block[key] !== undefined) spec[key] = block[key];
  return Object.keys(spec).length > 0 ? (spec as MockSpec) : undefined;
}

// Only keys with a value: a resolved task never carries `key: undefined`.
function assignDefined(target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const key in values) if (values[key] !== undefined) target[key] = values[key];
}
