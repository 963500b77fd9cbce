// One task of a plan: the 77 keys maestro-cli accepts plus Maestro's `mock` and the `matrix_values` /
// `matrix_parent` keys that matrix expansion writes. Cross-field rules (exactly one of
// command/engine/group, references to other tasks, ...) live in validate/, where the whole plan is known.
// Every key is also listed, with how its value is read, in plan-fields.ts (the fast path that skips zod).
import * as z from 'zod';
import {
  CONTEXT_COMPACTIONS,
  CONTEXT_MODES,
  CONTEXT_TRUST_VALUES,
  CONTRACT_TYPES,
  EDIT_POLICIES,
  GRANT_VIOLATION_ACTIONS,
  RETRY_STRATEGIES,
} from '../plan-vocabulary.ts';
import { retryDelay } from './defaults-schema.ts';
import { codedMessage } from './issue-code.ts';
import { judgeSchema } from './judge-schema.ts';
import { mockSpecSchema } from './mock-schema.ts';
import { isValidPattern } from './regex-pattern.ts';
import {
  boolean,
  commandLine,
  integer,
  listOf,
  mapping,
  number,
  oneOf,
  oneOrListOf,
  stringMap,
  text,
  textList,
} from './scalars.ts';
import {
  assertionSchema,
  batchSchema,
  councilSchema,
  matrixSchema,
  populationSchema,
  reminderSchema,
  trajectoryGuardSchema,
} from './task-blocks-schema.ts';

const taskId = text().optional().describe('Unique task id: letters, digits, _ - . / (no ".." segments).');

const identityShape = {
  id: taskId,
  description: text().optional(),
  tags: textList().optional(),
  depends_on: textList().optional().describe('Ids of the tasks that must finish first.'),
  consistency_group: textList().optional(),
  reconcile_after: textList().optional().describe('Consistency groups whose members must finish first.'),
  consumes_contracts: textList().optional().describe('Tasks whose typed contract this task reads.'),
  contract_type: oneOf(CONTRACT_TYPES, 'E018').optional(),
  group: text().optional().describe('Path of a sub-plan YAML run as a nested DAG.'),
  matrix: matrixSchema.optional().describe('Run one copy of the task per combination of values.'),
  batch: batchSchema.optional(),
  dynamic_group: boolean().optional().describe('The engine writes a sub-plan (needs output_schema).'),
};

const shellShape = {
  command: commandLine()
    .optional()
    .describe('Shell command: a string runs in a shell, a list runs directly.'),
  shell: boolean().optional().describe('Force (true) or forbid (false) a shell for a string command.'),
  workdir: text().optional().describe('Working directory, relative to the plan file.'),
  env: stringMap().optional().describe('Environment variables (merged over defaults.env).'),
  timeout_sec: integer({ min: 1 }).optional().describe('Timeout per attempt in seconds.'),
  allow_failure: boolean().optional().describe('A failure becomes soft_failed and dependants still run.'),
  pre_command: commandLine().optional().describe('Runs once before the first attempt.'),
  verify_command: commandLine().optional().describe('Runs after each successful attempt; failure retries.'),
  guard_command: commandLine().optional(),
  assert: listOf(assertionSchema).optional().describe('Workspace assertions checked after the task.'),
  requires_clean_worktree: boolean().optional(),
  stdout_tail_lines: integer({ min: 1 })
    .optional()
    .describe('Lines of output kept in the result (default 50).'),
  cache: boolean().optional().describe('Reuse a previous successful result (default true).'),
  negative_cache_ttl_sec: integer({ min: 0, code: 'E013' }).optional(),
};

const engineShape = {
  engine: text()
    .optional()
    .describe('codex, claude, gemini, copilot, qwen, ollama, llama, openai, anthropic, google or mock.'),
  model: text().optional().describe('Model name or alias; "auto" turns on routing.'),
  reasoning_effort: text().optional(),
  agent: text().optional(),
  args: textList().optional().describe('Extra engine CLI arguments (after defaults.<engine>.args).'),
  prompt: text().optional().describe('Prompt text; {{ task.field }} templates are rendered at run time.'),
  prompt_file: text().optional().describe('File whose text is the prompt (relative to the plan).'),
  prompt_md_file: text().optional().describe('Markdown file holding the prompt under prompt_md_heading.'),
  prompt_md_heading: text().optional().describe('Heading text of the prompt section, without "## ".'),
  append_system_prompt: text().optional(),
  edit_policy: oneOf(EDIT_POLICIES).optional(),
  allowed_tools: textList()
    .optional()
    .describe('Tool grants: names, Tool(pattern) or read-only/no-shell/git-only/src-scoped.'),
  on_grant_violation: oneOf(GRANT_VIOLATION_ACTIONS, 'E073').optional(),
  mcp_tools: textList().optional().describe('Names of plan mcp_servers this task may use.'),
  worktree: boolean().optional().describe('Run in an isolated git worktree of workspace_root.'),
  mock: mockSpecSchema.optional(),
  engine_options: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Maestro extension: engine options for this task, over defaults.<engine>.options.'),
};

const retryShape = {
  max_retries: integer({ min: 0, max: 3 }).optional().describe('Retries after a failure, 0-3 (default 0).'),
  retry_delay_sec: retryDelay().optional().describe('Seconds before a retry: one number or one per retry.'),
  retry_strategy: oneOf(RETRY_STRATEGIES, 'E051').optional(),
  max_iterations: integer({ min: 1, code: 'E022' }).optional(),
  escalation: textList().optional().describe('Models to move through on retries.'),
  fallback_engine: text().optional(),
  fallback_model: text().optional(),
  checkpoint: boolean().optional(),
  reminders: listOf(reminderSchema).optional(),
  trajectory_guard: trajectoryGuardSchema.optional(),
};

const qualityShape = {
  judge: judgeSchema.optional().describe('LLM or deterministic quality gate.'),
  output_schema: mapping({}).optional().describe('JSON Schema of the structured output.'),
  deliberation: boolean().optional(),
  deliberation_threshold: number({ min: 0, max: 1, code: 'E008', typeCode: 'E008' }).optional(),
  population: populationSchema.optional(),
  council: councilSchema.optional(),
};

const outputRedactPattern = text().refine(isValidPattern, {
  error: codedMessage('E008', 'is not a valid regular expression'),
});

const contextShape = {
  context_from: textList().optional().describe('Direct dependencies whose output is passed in, or "*".'),
  context_mode: oneOf(CONTEXT_MODES).optional().describe('How upstream output is condensed (default raw).'),
  context_budget_tokens: integer({ min: 1, code: 'E019', typeCode: 'E019' }).optional(),
  context_model: text().optional(),
  context_compact: boolean().optional(),
  context_compaction: oneOf(CONTEXT_COMPACTIONS, 'E068').optional(),
  compress_before: boolean().optional(),
  context_trust: oneOf(CONTEXT_TRUST_VALUES, 'E065').optional(),
  context_allowlist: textList().optional(),
  observation_block: boolean().optional(),
  output_redact: oneOrListOf(outputRedactPattern).optional(),
  workspace_index_exclude: textList().optional(),
};

const securityShape = {
  honeypot: boolean().optional(),
  phantom_workspace: boolean().optional(),
  output_scope: textList().optional(),
  frozen: boolean().optional(),
  signals: boolean().optional(),
};

const controlShape = {
  when: text().optional().describe('Condition, e.g. "{{ build.status }} == success".'),
  requires_approval: boolean().optional(),
  approval_message: text().optional(),
};

/** Keys written by matrix expansion; accepted so expanded plans can be re-validated. */
const expansionShape = {
  matrix_values: stringMap().optional(),
  matrix_parent: text().optional(),
};

export const taskShape = {
  ...identityShape,
  ...shellShape,
  ...engineShape,
  ...retryShape,
  ...qualityShape,
  ...contextShape,
  ...securityShape,
  ...controlShape,
  ...expansionShape,
};

export const taskSchema = mapping(taskShape);
export type ParsedTask = z.output<typeof taskSchema>;

/** Keys of the task language proper (what a user may write), for unknown-key suggestions. */
export const taskKeys = Object.keys(taskShape).filter((key) => !(key in expansionShape));
