// The environment a task's child process sees. It is deliberately minimal: the parent's environment
// often holds credentials (OPENAI_API_KEY, AWS_*, GITHUB_TOKEN, ...) that a shell command or an agent
// CLI could print to a log, send to a model or leak through a cached result. A task also should not
// behave differently because of whatever happened to be exported in the shell that started Maestro, so
// only the variables a process needs to run (where programs are, who and where the user is, locale,
// terminal and timezone) are taken from the parent. Everything else must be asked for explicitly: the
// plan's `env` (defaults merged with the task's) or `extra` values the kernel or an engine adds, such as
// a declared secret or MAESTRO_TASK_ID.

/** Parent variables copied into every child environment when they are set. */
export const INHERITED_ENVIRONMENT_VARIABLES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TERM',
  'TMPDIR',
  'TZ',
] as const;

export interface ChildEnvironmentOptions {
  /**
   * The environment the allowed variables are taken from.
   * @default process.env
   */
  parent?: Readonly<Record<string, string | undefined>>;
  /** The plan's `env`: defaults and task values, already merged by the loader. Overrides the parent. */
  planEnv?: Readonly<Record<string, string | undefined>>;
  /** Values the kernel or an engine adds on top of everything else. */
  extra?: Readonly<Record<string, string | undefined>>;
}

// Builds the minimal child environment: allowed parent variables, then plan `env`, then `extra`.
export function buildChildEnvironment(options: ChildEnvironmentOptions = {}): Record<string, string> {
  const parent = options.parent ?? process.env;
  // A Map, then Object.fromEntries, so that a key such as `__proto__` stays an ordinary variable.
  const variables = new Map<string, string>();
  for (const name of INHERITED_ENVIRONMENT_VARIABLES) {
    const value = parent[name];
    if (value !== undefined) variables.set(name, value);
  }
  for (const layer of [options.planEnv, options.extra]) {
    if (!layer) continue;
    for (const [name, value] of Object.entries(layer)) {
      if (value !== undefined) variables.set(name, value);
    }
  }
  return Object.fromEntries(variables);
}
