// The state folder an agent CLI gets when a plan asks for isolation: its HOME, CODEX_HOME,
// CLAUDE_CONFIG_DIR, ... A fixed `state_dir` is created and kept; `isolate_state` makes a fresh folder
// per call, removed afterwards. The default root is under the user's cache folder, never under $TMPDIR:
// codex refuses to install its sandbox helpers below the temp dir.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AgentCliSettings } from './agent-cli-settings.ts';

export interface StateFolder {
  path: string;
  /** Created for this call only. */
  isTemporary: boolean;
}

export function defaultStateRoot(env: Readonly<Record<string, string | undefined>>): string {
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'maestro', 'agent-cli-state');
}

export function openStateFolder(options: {
  settings: AgentCliSettings;
  engine: string;
  cwd: string;
  stateRoot: string;
}): StateFolder | undefined {
  const { settings } = options;
  if (settings.stateDir) {
    const path = resolve(options.cwd, settings.stateDir);
    mkdirSync(path, { recursive: true });
    return { path, isTemporary: false };
  }
  if (!settings.isolateState) return undefined;
  mkdirSync(options.stateRoot, { recursive: true });
  return { path: mkdtempSync(join(options.stateRoot, `${options.engine}-`)), isTemporary: true };
}

export function closeStateFolder(folder: StateFolder | undefined): void {
  if (folder?.isTemporary) rmSync(folder.path, { recursive: true, force: true });
}
