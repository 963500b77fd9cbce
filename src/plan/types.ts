// The plan language v1, as the kernel sees it after loading: keys keep maestro-cli's snake_case names so
// that every plan key survives loading, matrix expansion and imports untouched. Fields the kernel reads are
// typed here; every other accepted key stays on the object verbatim (the index signature), for later
// features to read.
import type { SourceLocation } from '../errors/index.ts';

export type RetryStrategy = 'constant' | 'linear' | 'exponential';

/** A scripted reply of the `mock` engine (Maestro extension; a labelled stand-in for a model). */
export interface MockStep {
  reply?: string;
  fail?: MockFailure;
}

export interface MockFailure {
  /** Error kind reported by the engine (`rate_limited`, `timeout`, `auth`, `bad_output`, `crashed`, ...). */
  kind?: string;
  exit_code?: number;
  message?: string;
  /** 1-based attempts that fail; all attempts when absent. */
  attempts?: number[];
}

export interface MockSpec {
  /** Fixed reply. `{{ prompt }}` inside it is replaced by the rendered prompt. */
  reply?: string;
  /** First entry whose regex matches the prompt wins. */
  replies?: { match: string; reply: string }[];
  /** One step per attempt (1-based); the last step repeats. */
  sequence?: (string | MockStep)[];
  latency_ms?: number;
  fail?: MockFailure;
  usage?: { input_tokens?: number; output_tokens?: number; cached_tokens?: number };
  cost_usd?: number;
}

export interface Task {
  id: string;
  description?: string;
  tags: string[];
  depends_on: string[];
  command?: string | string[];
  shell?: boolean;
  engine?: string;
  model?: string;
  reasoning_effort?: string;
  agent?: string;
  args?: string[];
  /** Prompt text; prompt_file / prompt_md_file are read into it by the loader. */
  prompt?: string;
  /** Absolute path of a sub-plan (`group:`); `group_plan` holds it loaded. */
  group?: string;
  group_plan?: Plan;
  /** Absolute working directory, when set by the task or by `workspace_root`. */
  workdir?: string;
  env: Record<string, string>;
  timeout_sec?: number;
  allow_failure: boolean;
  pre_command?: string | string[];
  verify_command?: string | string[];
  guard_command?: string | string[];
  max_retries: number;
  retry_delay_sec?: number | number[];
  retry_strategy?: RetryStrategy;
  max_iterations?: number;
  when?: string;
  requires_approval: boolean;
  approval_message?: string;
  context_from: string[];
  context_mode?: string;
  stdout_tail_lines: number;
  cache: boolean;
  matrix_values?: Record<string, string>;
  /** Id of the matrix task this task was expanded from. */
  matrix_parent?: string;
  mock?: MockSpec;
  /** Engine settings after `defaults.<engine>` was applied (the task's own value wins). */
  append_system_prompt?: string;
  edit_policy?: string;
  allowed_tools?: string[];
  on_grant_violation?: 'warn' | 'fail';
  escalation?: string[];
  fallback_engine?: string;
  fallback_model?: string;
  context_model?: string;
  context_budget_tokens?: number;
  context_compaction?: string;
  requires_clean_worktree?: boolean;
  negative_cache_ttl_sec?: number;
  worktree?: boolean;
  /** Where the task was declared (for error messages). Not a plan key. */
  source?: TaskSource;
  [key: string]: unknown;
}

export interface TaskSource {
  file: string;
  /** YAML path of the task node inside `file`, e.g. ['tasks', 3]. */
  path: (string | number)[];
  location?: SourceLocation;
}

export interface PlanWarning {
  code: string;
  message: string;
  location?: SourceLocation;
}

export interface Plan {
  version: 1;
  name: string;
  goal: string;
  /** Absolute path. */
  workspace_root?: string;
  max_parallel: number;
  fail_fast: boolean;
  /** Absolute path of the runs folder (plan `run_dir`, default `.maestro-runs` beside the plan). */
  run_dir: string;
  max_cost_usd?: number;
  secrets?: string[] | 'auto';
  budget_warning_pct?: number;
  budget_period?: string;
  defaults: Record<string, unknown>;
  tasks: Task[];
  /** Absolute path of the plan file; `baseDir` is its folder. Not plan keys. */
  file: string;
  baseDir: string;
  warnings: PlanWarning[];
  [key: string]: unknown;
}
