// Installs the real agent CLIs, at pinned versions, once per machine into a cache folder outside the
// repository and outside $TMPDIR (codex refuses helper binaries under the temp dir, and hundreds of MB
// should not be re-downloaded for every test run). The CLIs are never package dependencies.
//
//   ${XDG_CACHE_HOME:-$HOME/.cache}/maestro-test-clis/<package>@<version>/
//       node_modules/.bin/<bin>      the executable the tests run
//       .maestro-installed.json      written last: the install is complete (size, time)
//
// Parallel test files share one install through a lock folder (mkdir is atomic); a lock whose owner
// died is taken over. Run directly to pre-install: `npx tsx test/support/agent-cli/install-clis.ts claude codex`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export type AgentCliName = 'claude' | 'codex' | 'gemini' | 'qwen' | 'opencode' | 'copilot';

export interface PinnedCli {
  packageName: string;
  version: string;
  /** Name of the executable in node_modules/.bin. */
  bin: string;
}

/** The versions the reference (shared/reference/agent-clis.md) tried on this kind of machine. */
export const PINNED_CLIS: Readonly<Record<AgentCliName, PinnedCli>> = {
  claude: { packageName: '@anthropic-ai/claude-code', version: '2.1.197', bin: 'claude' },
  codex: { packageName: '@openai/codex', version: '0.169.0', bin: 'codex' },
  gemini: { packageName: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  qwen: { packageName: '@qwen-code/qwen-code', version: '0.15.10', bin: 'qwen' },
  opencode: { packageName: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
  copilot: { packageName: '@github/copilot', version: '1.0.102', bin: 'copilot' },
};

export type InstalledCli =
  | { ok: true; name: AgentCliName; binary: string; dir: string; installMs?: number; sizeBytes?: number }
  | { ok: false; name: AgentCliName; reason: string };

const STAMP = '.maestro-installed.json';
const LOCK_POLL_MS = 500;
// Longest wait for another process's install (a slow registry can take minutes for 400 MB).
const LOCK_WAIT_MS = 15 * 60_000;

/** `${XDG_CACHE_HOME:-$HOME/.cache}/maestro-test-clis` */
export function cliCacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache');
  return join(base, 'maestro-test-clis');
}

export function cliInstallDir(name: AgentCliName): string {
  const pinned = PINNED_CLIS[name];
  return join(cliCacheRoot(), `${pinned.packageName}@${pinned.version}`);
}

function binaryPath(name: AgentCliName): string {
  return join(cliInstallDir(name), 'node_modules', '.bin', PINNED_CLIS[name].bin);
}

/** The installed CLI, or undefined when it is not (completely) installed yet. */
export function findInstalledCli(name: AgentCliName): InstalledCli | undefined {
  const dir = cliInstallDir(name);
  const stampPath = join(dir, STAMP);
  if (!existsSync(stampPath) || !existsSync(binaryPath(name))) return undefined;
  const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { installMs?: number; sizeBytes?: number };
  return {
    ok: true,
    name,
    binary: binaryPath(name),
    dir,
    installMs: stamp.installMs,
    sizeBytes: stamp.sizeBytes,
  };
}

/**
 * Installs the pinned CLI unless it is there already; never throws. A registry that refuses the
 * package gives `{ok: false, reason}` so that tests can skip with that reason.
 */
export async function installCli(name: AgentCliName): Promise<InstalledCli> {
  const found = findInstalledCli(name);
  if (found) return found;
  const dir = cliInstallDir(name);
  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  try {
    await acquireLock(lock);
  } catch (error) {
    return { ok: false, name, reason: (error as Error).message };
  }
  try {
    // Someone else may have finished while we waited for the lock.
    const afterWait = findInstalledCli(name);
    if (afterWait) return afterWait;
    return await installUnlocked(name, dir);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function installUnlocked(name: AgentCliName, dir: string): Promise<InstalledCli> {
  const pinned = PINNED_CLIS[name];
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // A package.json of its own, so npm does not walk up into some other project.
  writeFileSync(join(partial, 'package.json'), '{"name":"maestro-test-cli","private":true}\n');
  const startedAt = performance.now();
  try {
    await execFileAsync(
      'npm',
      [
        'install',
        '--prefix',
        partial,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        `${pinned.packageName}@${pinned.version}`,
      ],
      {
        cwd: partial,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, npm_config_update_notifier: 'false' },
      },
    );
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? '';
    return {
      ok: false,
      name,
      reason: `npm install ${pinned.packageName}@${pinned.version} failed: ${detail || (error as Error).message}`,
    };
  }
  const installMs = Math.round(performance.now() - startedAt);
  const sizeBytes = await directorySize(partial);
  writeFileSync(
    join(partial, STAMP),
    `${JSON.stringify({ ...pinned, installMs, sizeBytes, installedAt: new Date().toISOString() })}\n`,
  );
  renameSync(partial, dir);
  const installed = findInstalledCli(name);
  return installed ?? { ok: false, name, reason: `${pinned.bin} missing in ${dir} after npm install` };
}

async function acquireLock(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock ${lock}`);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

// A lock is stale when its owner process is gone (or it never wrote its pid within a minute).
function isStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      try {
        return Date.now() - statSync(lock).mtimeMs > 60_000;
      } catch {
        return false;
      }
    }
    return true;
  }
}

async function directorySize(dir: string): Promise<number | undefined> {
  try {
    const { stdout } = await execFileAsync('du', ['-sb', dir]);
    return Number(stdout.split('\t')[0]);
  } catch {
    return undefined;
  }
}

// `npx tsx test/support/agent-cli/install-clis.ts [name ...]` installs the named CLIs (default: all).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = (
    process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(PINNED_CLIS)
  ) as AgentCliName[];
  for (const name of names) {
    const result = await installCli(name);
    console.log(JSON.stringify(result));
  }
}
