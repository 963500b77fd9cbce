// Finds the executable an agent-CLI engine would start, the way the child's PATH lookup would, so that
// a preflight or `maestro doctor` can say "claude is not installed" before a run starts.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { resolveAgentCliSettings } from './agent-cli-settings.ts';

export const AGENT_CLI_DEFAULT_BINARIES: Readonly<Record<string, string>> = {
  claude: 'claude',
  codex: 'codex',
  gemini: 'gemini',
  copilot: 'copilot',
  qwen: 'qwen',
  opencode: 'opencode',
};

/**
 * The absolute path of the engine's CLI (its `binary` option, else its default name on PATH), or
 * undefined when there is no such executable.
 * @example locateAgentCli('qwen', plan.defaults.qwen) // '/usr/local/bin/qwen'
 */
export function locateAgentCli(
  engine: string,
  options?: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const resolved = resolveAgentCliSettings(options);
  const binary =
    ('settings' in resolved ? resolved.settings.binary : undefined) ?? AGENT_CLI_DEFAULT_BINARIES[engine];
  if (!binary) return undefined;
  if (binary.includes('/')) {
    const path = isAbsolute(binary) ? binary : resolve(binary);
    return isExecutable(path) ? path : undefined;
  }
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const path = join(folder, binary);
    if (isExecutable(path)) return path;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
