// Every closed word list of the plan language in one place, so the schema, the semantic checks and the
// error messages agree. Values follow maestro-cli 2.5.4 (models.py, loader.py) unless marked as a Maestro
// extension.

/** The seven engine CLIs maestro-cli drives. */
export const CLI_ENGINES = ['codex', 'claude', 'gemini', 'copilot', 'qwen', 'ollama', 'llama'] as const;

/** Maestro extensions: direct API engines and the scripted `mock` engine. */
export const API_ENGINES = ['openai', 'anthropic', 'google', 'mock'] as const;

/** Maestro extensions: agent CLIs maestro-cli does not drive. */
export const EXTENSION_CLI_ENGINES = ['opencode'] as const;

export const ENGINE_NAMES = [...CLI_ENGINES, ...API_ENGINES, ...EXTENSION_CLI_ENGINES] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function isEngineName(value: string): value is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(value);
}

export const CODEX_REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export const CLAUDE_REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

// Engines that honour reasoning_effort, with their accepted values. The API engines reuse the lists of
// the CLI that talks to the same provider. Every other engine ignores the setting (warning W102), except
// `mock`, which passes it through silently.
export const REASONING_EFFORTS_BY_ENGINE: Readonly<Partial<Record<EngineName, readonly string[]>>> = {
  codex: CODEX_REASONING_EFFORTS,
  claude: CLAUDE_REASONING_EFFORTS,
  openai: CODEX_REASONING_EFFORTS,
  anthropic: CLAUDE_REASONING_EFFORTS,
};

export const CONTEXT_MODES = [
  'raw',
  'summarized',
  'map_reduce',
  'recursive',
  'layered',
  'selective',
  'structural',
  'council',
  'knowledge_graph',
  'codebase_map',
  'scip',
] as const;

/** Context modes that only make sense with a non-empty context_from (E001). */
export const CONTEXT_MODES_NEEDING_SOURCES = [
  'summarized',
  'map_reduce',
  'layered',
  'structural',
  'knowledge_graph',
] as const;

/** Context modes that read the workspace, so workspace_root must be an existing directory (E021). */
export const CONTEXT_MODES_NEEDING_WORKSPACE = ['recursive', 'codebase_map', 'scip'] as const;

export const EDIT_POLICIES = ['default', 'efficient', 'strict'] as const;
export const RETRY_STRATEGIES = ['constant', 'linear', 'exponential'] as const;
export const CONTEXT_COMPACTIONS = ['none', 'standard', 'progressive'] as const;
export const CONTEXT_TRUST_VALUES = ['trusted', 'untrusted'] as const;
export const GRANT_VIOLATION_ACTIONS = ['warn', 'fail'] as const;
export const CONTRACT_TYPES = [
  'sql-schema',
  'dependency-manifest',
  'conventions-doc',
  'file-inventory',
  'api-schema',
  'test-manifest',
] as const;

export const WORKSPACE_ASSERTION_TYPES = [
  'file_contains',
  'file_contains_count',
  'file_not_contains',
  'file_regex',
  'file_regex_absent',
  'glob_exists',
  'json_path_exists',
  'composer_package_present',
  'npm_package_present',
] as const;
export const ASSERTION_SEVERITIES = ['error', 'warning', 'info'] as const;

export const JUDGE_PRESETS = [
  'code_quality',
  'security_audit',
  'ai_slop_detection',
  'cwe_injection',
  'cwe_auth',
  'cwe_data_exposure',
  'cwe_top_25',
] as const;
export const JUDGE_METHODS = ['direct', 'g_eval', 'debate', 'reflection'] as const;
export const JUDGE_AGGREGATIONS = ['mean', 'min', 'weighted_mean'] as const;
export const JUDGE_ON_FAIL = ['fail', 'warn', 'retry'] as const;
export const QUORUM_STRATEGIES = ['majority', 'unanimous', 'any'] as const;

export const POPULATION_STRATEGIES = ['best', 'first_passing', 'majority'] as const;
export const COUNCIL_TOPOLOGIES = ['star', 'chain', 'graph'] as const;
export const TRAJECTORY_GUARD_ACTIONS = ['warn', 'abort', 'escalate'] as const;

export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export const ROUTING_STRATEGIES = ['cost_optimized', 'quality_first', 'balanced'] as const;
export const POLICY_ACTIONS = ['block', 'warn', 'audit'] as const;
export const MCP_TRANSPORTS = ['stdio', 'http', 'sse'] as const;
export const CIRCUIT_BREAKER_ACTIONS = ['fail', 'pause'] as const;

export const WATCH_MODES = ['custom', 'improve'] as const;
export const METRIC_DIRECTIONS = ['lower_is_better', 'higher_is_better'] as const;
export const METRIC_SOURCES = [
  'stdout_regex',
  'verify_command',
  'guard_command',
  'json_field',
  'manifest',
] as const;
export const REGRESSION_ACTIONS = ['rollback', 'revert', 'keep'] as const;
export const PLATEAU_ACTIONS = ['stop', 'escalate_model', 'notify'] as const;

/** Template names that are not task references (a `when` may mention them freely). */
export const GLOBAL_TEMPLATE_NAMES = ['workspace_root', 'plan_name', 'task_id', 'goal'] as const;

export const DEFAULT_RUN_DIR = '.maestro-runs';
export const DEFAULT_PLAN_NAME = 'unnamed-plan';
export const DEFAULT_STDOUT_TAIL_LINES = 50;
export const MAX_RETRIES_LIMIT = 3;
export const MAX_IMPORT_DEPTH = 5;
