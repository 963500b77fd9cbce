// The keys of the plan root, `defaults:` and a task in schema order, without zod: the unknown-key check
// reads them, and the fast reader (fast-parse.ts) uses the value kinds to parse the usual plan — scalars,
// lists of strings, string maps — without loading the zod schemas at all. A key of kind 'schema' (matrix,
// judge, mock, an engine block, ...) always goes to the zod schema. A key added to a zod shape must be
// added here too: plan-fields.test.ts checks these tables against the shapes.
import {
  BUDGET_PERIODS,
  CONTEXT_COMPACTIONS,
  CONTEXT_MODES,
  CONTEXT_TRUST_VALUES,
  CONTRACT_TYPES,
  EDIT_POLICIES,
  GRANT_VIOLATION_ACTIONS,
  RETRY_STRATEGIES,
  ROUTING_STRATEGIES,
} from '../plan-vocabulary.ts';

export interface NumberRange {
  min?: number;
  max?: number;
  greaterThan?: number;
  lessThan?: number;
}

/** How a value is read; mirrors the builders of scalars.ts. */
export type FieldKind =
  /** Only the zod schema can read it. */
  | 'schema'
  /** A string; a finite number becomes its text. */
  | 'text'
  /** A list of texts; a lone string is a one-element list. */
  | 'textList'
  /** true/false, or the strings 'true'/'false'. */
  | 'boolean'
  /** true/false only. */
  | 'strictBoolean'
  /** A string (run by a shell) or a list of strings. */
  | 'commandLine'
  /** A mapping whose values become strings (null is ''). */
  | 'stringMap'
  /** Any list (the items are read later). */
  | 'anyList'
  | { integer: NumberRange }
  | { number: NumberRange }
  | { oneOf: readonly string[] }
  | { mapping: FieldTable };

export type FieldTable = readonly (readonly [key: string, kind: FieldKind])[];

const positive = { integer: { min: 1 } } as const;
const fraction = { number: { greaterThan: 0, lessThan: 1 } } as const;

/** The keys of a `mock:` block (mock-schema.ts), which resolving a task copies from `defaults.mock`. */
export const MOCK_SPEC_KEYS = [
  'reply',
  'replies',
  'sequence',
  'latency_ms',
  'fail',
  'usage',
  'cost_usd',
] as const;

/** `defaults:` (defaults-schema.ts). */
export const DEFAULTS_FIELDS: FieldTable = [
  ['env', 'stringMap'],
  ['secrets', 'textList'],
  ['secrets_auto', 'strictBoolean'],
  ['timeout_sec', positive],
  ['requires_clean_worktree', 'boolean'],
  ['stdout_tail_lines', positive],
  ['edit_policy', { oneOf: EDIT_POLICIES }],
  ['retry_delay_sec', 'schema'],
  ['retry_strategy', { oneOf: RETRY_STRATEGIES }],
  ['budget_warning_pct', fraction],
  ['context_budget_tokens', positive],
  ['workspace_index_exclude', 'textList'],
  ['signals', 'boolean'],
  ['context_compaction', { oneOf: CONTEXT_COMPACTIONS }],
  ['codex', 'schema'],
  ['claude', 'schema'],
  ['gemini', 'schema'],
  ['copilot', 'schema'],
  ['qwen', 'schema'],
  ['ollama', 'schema'],
  ['llama', 'schema'],
  ['openai', 'schema'],
  ['anthropic', 'schema'],
  ['opencode', 'schema'],
  ['google', 'schema'],
  ['mock', 'schema'],
];

/** One task (task-schema.ts), `matrix_values` and `matrix_parent` (written by matrix expansion) last. */
export const TASK_FIELDS: FieldTable = [
  ['id', 'text'],
  ['description', 'text'],
  ['tags', 'textList'],
  ['depends_on', 'textList'],
  ['consistency_group', 'textList'],
  ['reconcile_after', 'textList'],
  ['consumes_contracts', 'textList'],
  ['contract_type', { oneOf: CONTRACT_TYPES }],
  ['group', 'text'],
  ['matrix', 'schema'],
  ['batch', 'schema'],
  ['dynamic_group', 'boolean'],
  ['command', 'commandLine'],
  ['shell', 'boolean'],
  ['workdir', 'text'],
  ['env', 'stringMap'],
  ['timeout_sec', positive],
  ['allow_failure', 'boolean'],
  ['pre_command', 'commandLine'],
  ['verify_command', 'commandLine'],
  ['guard_command', 'commandLine'],
  ['assert', 'schema'],
  ['requires_clean_worktree', 'boolean'],
  ['stdout_tail_lines', positive],
  ['cache', 'boolean'],
  ['negative_cache_ttl_sec', { integer: { min: 0 } }],
  ['engine', 'text'],
  ['model', 'text'],
  ['reasoning_effort', 'text'],
  ['agent', 'text'],
  ['args', 'textList'],
  ['prompt', 'text'],
  ['prompt_file', 'text'],
  ['prompt_md_file', 'text'],
  ['prompt_md_heading', 'text'],
  ['append_system_prompt', 'text'],
  ['edit_policy', { oneOf: EDIT_POLICIES }],
  ['allowed_tools', 'textList'],
  ['on_grant_violation', { oneOf: GRANT_VIOLATION_ACTIONS }],
  ['mcp_tools', 'textList'],
  ['worktree', 'boolean'],
  ['mock', 'schema'],
  ['engine_options', 'schema'],
  ['max_retries', { integer: { min: 0, max: 3 } }],
  ['retry_delay_sec', 'schema'],
  ['retry_strategy', { oneOf: RETRY_STRATEGIES }],
  ['max_iterations', positive],
  ['escalation', 'textList'],
  ['fallback_engine', 'text'],
  ['fallback_model', 'text'],
  ['checkpoint', 'boolean'],
  ['reminders', 'schema'],
  ['trajectory_guard', 'schema'],
  ['judge', 'schema'],
  ['output_schema', 'schema'],
  ['deliberation', 'boolean'],
  ['deliberation_threshold', { number: { min: 0, max: 1 } }],
  ['population', 'schema'],
  ['council', 'schema'],
  ['context_from', 'textList'],
  ['context_mode', { oneOf: CONTEXT_MODES }],
  ['context_budget_tokens', positive],
  ['context_model', 'text'],
  ['context_compact', 'boolean'],
  ['context_compaction', { oneOf: CONTEXT_COMPACTIONS }],
  ['compress_before', 'boolean'],
  ['context_trust', { oneOf: CONTEXT_TRUST_VALUES }],
  ['context_allowlist', 'textList'],
  ['observation_block', 'boolean'],
  ['output_redact', 'schema'],
  ['workspace_index_exclude', 'textList'],
  ['honeypot', 'boolean'],
  ['phantom_workspace', 'boolean'],
  ['output_scope', 'textList'],
  ['frozen', 'boolean'],
  ['signals', 'boolean'],
  ['when', 'text'],
  ['requires_approval', 'boolean'],
  ['approval_message', 'text'],
  ['matrix_values', 'stringMap'],
  ['matrix_parent', 'text'],
];

/** Keys written by matrix expansion, accepted silently but never suggested. */
export const TASK_INTERNAL_KEYS = ['matrix_values', 'matrix_parent'] as const;

/** The plan root (plan-schema.ts); the task entries are read one by one later. */
export const PLAN_FIELDS: FieldTable = [
  // Only version 1 exists: anything else goes to the schema, which explains.
  ['version', { integer: { min: 1, max: 1 } }],
  ['name', 'text'],
  ['goal', 'text'],
  ['workspace_root', 'text'],
  ['max_parallel', positive],
  ['fail_fast', 'boolean'],
  ['run_dir', 'text'],
  ['max_cost_usd', { number: { greaterThan: 0 } }],
  ['budget_warning_pct', fraction],
  ['budget_period', { oneOf: BUDGET_PERIODS }],
  ['webhook_url', 'text'],
  ['secrets', 'schema'],
  ['defaults', { mapping: DEFAULTS_FIELDS }],
  ['imports', 'schema'],
  ['audit_packs', 'textList'],
  ['policies', 'schema'],
  ['mcp_servers', 'schema'],
  ['routing_strategy', { oneOf: ROUTING_STRATEGIES }],
  ['control_flow_integrity', 'boolean'],
  ['firewall_model', 'text'],
  ['watch', 'schema'],
  ['circuit_breaker', 'schema'],
  ['tasks', 'anyList'],
];

export const keysOf = (table: FieldTable): string[] => table.map(([key]) => key);
