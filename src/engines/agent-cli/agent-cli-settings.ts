// The engine options of an agent-CLI call, read once from `call.options` (the plan's `defaults.<engine>`
// with the task's `engine_options` on top, and the keys of `defaults.<engine>.options` under both).
// A wrongly typed value is reported with the option's name; nothing here reads the environment.

export interface AgentCliSettings {
  /** `binary`: path or name of the executable. @default the engine's CLI name */
  binary?: string;
  /** `base_url`: the provider endpoint the CLI should call (a local server, a gateway). */
  baseUrl?: string;
  /** `api_key_env`: name of the parent variable holding the key; its value is read from the environment. */
  apiKeyEnv?: string;
  /** `pass_env`: more parent variables to hand to the CLI. */
  passEnv: string[];
  /** `isolate_state`: give the CLI a fresh state folder (its HOME, CODEX_HOME, ...) for this call. */
  isolateState: boolean;
  /** `state_dir`: a fixed state folder for the CLI (kept between calls); implies isolation. */
  stateDir?: string;
  /** `offline`: also switch off network features that are not telemetry (plugin sync, model catalogues). */
  offline: boolean;
  /** `result_grace_ms`: how long the CLI may linger after its final event. @default 3000 */
  resultGraceMs?: number;
  /** Every option, for the engine-specific keys (`config`, `settings`, `max_turns`, ...). */
  values: Readonly<Record<string, unknown>>;
}

export type SettingsResult = { settings: AgentCliSettings } | { problem: string };

export function resolveAgentCliSettings(options: Record<string, unknown> | undefined): SettingsResult {
  const nested = isRecord(options?.options) ? options.options : {};
  const values: Record<string, unknown> = { ...nested, ...options };
  delete values.options;
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = values[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && value.length > 0) return value;
    problems.push(`Expected engine option \`${key}\` to be a non-empty string, got ${describe(value)}`);
    return undefined;
  };
  const flag = (key: string): boolean => {
    const value = values[key];
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    problems.push(`Expected engine option \`${key}\` to be true or false, got ${describe(value)}`);
    return false;
  };
  const passEnv = values.pass_env ?? [];
  if (!Array.isArray(passEnv) || !passEnv.every((name) => typeof name === 'string')) {
    problems.push(
      `Expected engine option \`pass_env\` to be a list of variable names, got ${describe(passEnv)}`,
    );
  }
  const grace = values.result_grace_ms;
  if (grace !== undefined && (typeof grace !== 'number' || !(grace >= 0))) {
    problems.push(`Expected engine option \`result_grace_ms\` to be a number ≥ 0, got ${describe(grace)}`);
  }
  const settings: AgentCliSettings = {
    binary: text('binary'),
    baseUrl: text('base_url'),
    apiKeyEnv: text('api_key_env'),
    passEnv: Array.isArray(passEnv) ? passEnv.filter((name) => typeof name === 'string') : [],
    isolateState: flag('isolate_state'),
    stateDir: text('state_dir'),
    offline: flag('offline'),
    resultGraceMs: typeof grace === 'number' ? grace : undefined,
    values,
  };
  if (problems.length > 0) return { problem: problems.join('; ') };
  return { settings };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  return `\`${JSON.stringify(value) ?? String(value)}\` (${Array.isArray(value) ? 'array' : typeof value})`;
}
