// The content-addressed key of a task's result: SHA-256 over everything that can change what the task
// produces, grouped in named components so that `maestro explain` can say which one changed. Every plan
// key of the task lands in a component (unknown keys in `other`), except the few that cannot change the
// result (description, tags, approval, the cache settings themselves).

import type { Task } from '../plan/types.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';

/** Bump when the key's content or a cache entry's meaning changes: every earlier entry stops matching. */
export const CACHE_POLICY_VERSION = 1;

export const CACHE_COMPONENTS = [
  'identity',
  'graph',
  'command',
  'env',
  'upstream',
  'checks',
  'judge',
  'limits',
  'placement',
  'misc',
  'policy',
  'other',
] as const;

export type CacheComponent = (typeof CACHE_COMPONENTS)[number];

/** What each component covers, in words (for `maestro explain`). */
export const COMPONENT_DESCRIPTIONS: Record<CacheComponent, string> = {
  identity: 'task id and cache schema version',
  graph: 'depends_on, context_from, context_mode and the context settings',
  command:
    'the rendered command and shell, or engine, model, effort, args, agent, edit policy, system prompt, rendered prompt, plan goal, engine options, execution profile, mock script; the plan defaults of the other engines it may call (fallback, judge, population)',
  env: 'the environment the plan declares for the task (sorted; not the parent environment)',
  upstream: 'per dependency: its cache key, status and a hash of its output (Merkle)',
  checks: 'pre_command, verify_command, guard_command, assert, output_schema',
  judge: 'judge, population, council',
  limits: 'timeout, allow_failure, retries, retry delay and strategy, escalation, fallback',
  placement: 'the resolved working directory, worktree',
  misc: 'stdout_tail_lines, when, matrix values, batch',
  policy:
    "context trust (and the plan's control_flow_integrity), tool grants, output scope and redaction, MCP tools",
  other: 'every other plan key of the task',
};

const fieldComponents: Record<string, CacheComponent> = {
  depends_on: 'graph',
  context_from: 'graph',
  context_mode: 'graph',
  context_budget_tokens: 'graph',
  context_model: 'graph',
  context_compaction: 'graph',
  consistency_group: 'graph',
  reconcile_after: 'graph',
  command: 'command',
  shell: 'command',
  engine: 'command',
  model: 'command',
  reasoning_effort: 'command',
  agent: 'command',
  args: 'command',
  prompt: 'command',
  prompt_file: 'command',
  prompt_md_file: 'command',
  prompt_md_heading: 'command',
  mock: 'command',
  edit_policy: 'command',
  append_system_prompt: 'command',
  system_prompt: 'command',
  engine_options: 'command',
  group: 'command',
  env: 'env',
  pre_command: 'checks',
  verify_command: 'checks',
  guard_command: 'checks',
  assert: 'checks',
  output_schema: 'checks',
  judge: 'judge',
  population: 'judge',
  council: 'judge',
  timeout_sec: 'limits',
  allow_failure: 'limits',
  max_retries: 'limits',
  max_iterations: 'limits',
  retry_delay_sec: 'limits',
  retry_strategy: 'limits',
  requires_clean_worktree: 'limits',
  escalation: 'limits',
  fallback_engine: 'limits',
  fallback_model: 'limits',
  workdir: 'placement',
  worktree: 'placement',
  stdout_tail_lines: 'misc',
  when: 'misc',
  matrix_values: 'misc',
  batch: 'misc',
  context_trust: 'policy',
  allowed_tools: 'policy',
  on_grant_violation: 'policy',
  output_scope: 'policy',
  output_redact: 'policy',
  context_allowlist: 'policy',
  mcp_tools: 'policy',
  honeypot: 'policy',
  phantom_workspace: 'policy',
  trajectory_guard: 'policy',
  observation_block: 'policy',
};

// Keys that cannot change what the task produces. `id` is in `identity`; `source`/`group_plan` are not
// plan keys; `negative_cache_ttl_sec` is applied when an entry is read, so changing it needs no new entry.
const excludedFields = new Set([
  'id',
  'description',
  'tags',
  'requires_approval',
  'approval_message',
  'cache',
  'negative_cache_ttl_sec',
  'matrix_parent',
  'source',
  'group_plan',
]);

/** A dependency as the key sees it. */
export interface UpstreamFact {
  id: string;
  /** Its own cache key, when one was computed (null for a group task or a task carried over by --resume). */
  key: string | null;
  status: string;
  /** SHA-256 of its (secret-masked) output. */
  outputHash: string;
}

export interface CacheKeyInput {
  task: Task;
  /** Templates rendered: the command, the prompt text and the gate commands, as they would run. */
  rendered: {
    command?: string | string[];
    prompt?: string;
    pre_command?: string | string[];
    verify_command?: string | string[];
    guard_command?: string | string[];
  };
  /** The working directory the task would run in. */
  workdir: string;
  /** Engine tasks only: the plan goal (prompts start with it), `defaults.<engine>` + `engine_options`. */
  goal?: string;
  engineOptions?: Record<string, unknown>;
  executionProfile?: string;
  /**
   * `defaults.<engine>` of the other engines the task may call (a fallback, a judge, population
   * candidates), by engine name; only those the plan sets.
   */
  relatedEngineOptions?: Record<string, unknown>;
  /** Engine tasks only: the plan's `control_flow_integrity` (it fences upstream text in the prompt as data). */
  controlFlowIntegrity?: boolean;
  upstream: readonly UpstreamFact[];
}

export interface CacheKey {
  /** Full hex SHA-256; names the entry folder. */
  key: string;
  /** The value of each component (kept in memory only; it may hold secret values). */
  components: Record<CacheComponent, Record<string, unknown>>;
  /** The canonical text of each component, as hashed into `key` (same caveat). */
  componentTexts: Record<CacheComponent, string>;
}

// Component names in canonical (sorted) order: the key's text is assembled from their texts.
const SORTED_COMPONENTS = [...CACHE_COMPONENTS].sort();

export function computeCacheKey(input: CacheKeyInput): CacheKey {
  const components = buildComponents(input);
  // Exactly canonicalJson({ policy_version, components }), built from each component's text so the
  // index's component hashes reuse them instead of serialising every component a second time.
  const componentTexts = {} as Record<CacheComponent, string>;
  let text = '{"components":{';
  for (let index = 0; index < SORTED_COMPONENTS.length; index += 1) {
    const name = SORTED_COMPONENTS[index]!;
    const componentText = canonicalJson(components[name]);
    componentTexts[name] = componentText;
    text += `${index > 0 ? ',' : ''}"${name}":${componentText}`;
  }
  text += `},"policy_version":${CACHE_POLICY_VERSION}}`;
  return { key: sha256Hex(text), components, componentTexts };
}

/**
 * A short fingerprint of each component, for the per-task index and `maestro explain`. They only tell
 * which component changed (the key itself is the SHA-256), so the fast string hash is enough; twelve
 * SHA-256 calls per task cost more than computing the key. A component holding a value the run's masker
 * hides is recorded as `masked`: the index never holds a hash of a secret.
 */
export function componentHashes(
  key: CacheKey,
  mask: (text: string) => string,
): Record<CacheComponent, string> {
  const hashes = {} as Record<CacheComponent, string>;
  for (const name of CACHE_COMPONENTS) {
    hashes[name] = holdsSecret(key.components[name], mask) ? 'masked' : quickHash(key.componentTexts[name]);
  }
  return hashes;
}

/**
 * The short hash of each field of each component, so `explain` can name the field that changed. Values
 * that the run's masker would hide (secrets) are hashed masked: the index never holds a hash of a secret.
 */
export function fieldHashes(
  key: CacheKey,
  mask: (text: string) => string,
): Record<CacheComponent, Record<string, string>> {
  const result = {} as Record<CacheComponent, Record<string, string>>;
  for (const name of CACHE_COMPONENTS) {
    const fields: Record<string, string> = {};
    const component = key.components[name];
    for (const field of Object.keys(component)) {
      const value = component[field];
      if (value === undefined) continue;
      fields[field] = holdsSecret(value, mask) ? 'masked' : quickHash(canonicalJson(value));
    }
    result[name] = fields;
  }
  return result;
}

// Whether the masker would hide part of a string inside `value` (keys included). The strings themselves
// are asked, not their JSON text, where a secret holding `"` or `\` is escaped and would go unseen.
function holdsSecret(value: unknown, mask: (text: string) => string): boolean {
  if (typeof value === 'string') return mask(value) !== value;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, mask));
  for (const [name, item] of Object.entries(value)) {
    if (mask(name) !== name || holdsSecret(item, mask)) return true;
  }
  return false;
}

function buildComponents(input: CacheKeyInput): Record<CacheComponent, Record<string, unknown>> {
  const { task, rendered } = input;
  const components = {} as Record<CacheComponent, Record<string, unknown>>;
  for (const name of CACHE_COMPONENTS) components[name] = {};
  components.identity = { cache_schema_version: 1, task_id: task.id };
  for (const field of Object.keys(task)) {
    if (excludedFields.has(field)) continue;
    const value = task[field];
    if (value === undefined) continue;
    components[fieldComponents[field] ?? 'other'][field] = value;
  }
  const graph = components.graph;
  graph.depends_on = [...task.depends_on].sort();
  const command = components.command;
  if (task.engine) {
    command.prompt = rendered.prompt;
    command.goal = input.goal;
    command.engine_options = input.engineOptions;
    command.execution_profile = input.executionProfile;
  } else {
    command.command = rendered.command;
    command.shell = task.shell;
  }
  const checks = components.checks;
  if (rendered.pre_command !== undefined) checks.pre_command = rendered.pre_command;
  if (rendered.verify_command !== undefined) checks.verify_command = rendered.verify_command;
  if (rendered.guard_command !== undefined) checks.guard_command = rendered.guard_command;
  // One field per variable and per dependency, so `explain` can name the one that changed.
  components.env = { ...task.env };
  const upstream: Record<string, unknown> = {};
  for (const fact of input.upstream) {
    upstream[fact.id] = { key: fact.key, status: fact.status, output: fact.outputHash };
  }
  components.upstream = upstream;
  components.placement.workdir = input.workdir;
  // Set only when present, so that the keys of every other task stay what they were.
  if (input.relatedEngineOptions && Object.keys(input.relatedEngineOptions).length > 0)
    command.related_engine_options = input.relatedEngineOptions;
  if (input.controlFlowIntegrity === true) components.policy.control_flow_integrity = true;
  return components;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

// Component and field hashes only tell `explain` what changed (masked values never get one): a fast
// 53-bit string hash (cyrb53), as 16 hex digits.
export function quickHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return cyrb53Hex(h1, h2);
}

/**
 * The 53-bit value `2^32 * (h2 & 0x1fffff) + (h1 >>> 0)` as 16 hex digits, written byte by byte:
 * `toString(16)` of a number that large takes V8's slow path (~1.5 us, and a task stores ~30 of them).
 */
export function cyrb53Hex(h1: number, h2: number): string {
  const high = h2 & 0x1fffff;
  return `00${HEX_BYTES[high >>> 16]}${HEX_BYTES[(high >>> 8) & 255]}${HEX_BYTES[high & 255]}${HEX_BYTES[h1 >>> 24]}${HEX_BYTES[(h1 >>> 16) & 255]}${HEX_BYTES[(h1 >>> 8) & 255]}${HEX_BYTES[h1 & 255]}`;
}
