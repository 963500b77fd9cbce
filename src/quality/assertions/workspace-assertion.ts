// The shape of one `assert:` entry (as the plan schema accepts it) and of its result.

export type AssertionType =
  | 'file_contains'
  | 'file_contains_count'
  | 'file_not_contains'
  | 'file_regex'
  | 'file_regex_absent'
  | 'glob_exists'
  | 'json_path_exists'
  | 'composer_package_present'
  | 'npm_package_present';

export type AssertionSeverity = 'error' | 'warning' | 'info';

export interface WorkspaceAssertion {
  type: AssertionType;
  path?: string;
  pattern?: string;
  glob?: string;
  json_path?: string;
  package?: string;
  /** Shown instead of the generated explanation when the assertion fails. */
  message?: string;
  /** @default 'error' — only `error` fails the task. */
  severity?: AssertionSeverity;
  rule?: string;
  id?: string;
  task_id?: string;
  count?: number;
  min_count?: number;
}

export interface AssertionResult {
  /** `rule`, else `id`, else `<type>#<n>` (1-based position in the list). */
  name: string;
  type: AssertionType;
  severity: AssertionSeverity;
  passed: boolean;
  /** What was checked and what was found, in one sentence. */
  detail: string;
  /** The plan's `message` when given, else `detail`. */
  message: string;
  /** The assertion cannot be checked as written (a path outside the workspace, a bad regex): a retry
   * will not fix it. */
  invalid?: boolean;
  path?: string;
  task_id?: string;
}

/** Where assertion paths resolve: the task's working directory, confined to it and the workspace. */
export interface AssertionScope {
  workdir: string;
  /** Further directories a path may point into (the plan's workspace_root). */
  roots: readonly string[];
}
