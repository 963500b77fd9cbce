// Installs node-llama-cpp once for the llama engine tests, into a cache folder outside the repository
// (`${XDG_CACHE_HOME:-$HOME/.cache}/maestro-test-llama/<version>`, or MAESTRO_LLAMA_TEST_CACHE), with
// --omit=optional plus the single prebuilt CPU binary package for this platform: 85 MB instead of the
// 725 MB a plain install pulls in (CUDA and Vulkan builds). Parallel test files share one install through
// a lock folder. The engine then loads the package from there (engine option `module_path`).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  llamaInstallPackages,
  loadNodeLlamaCpp,
  NODE_LLAMA_CPP_VERSION,
} from '../../../src/engines/llama/index.ts';

export type NodeLlamaCppInstall =
  | { ok: true; modulePath: string; installedNow: boolean; installMs: number }
  | { ok: false; reason: string };

const fixturePackageJson = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'llama',
  'package.json',
);
const INSTALL_TIMEOUT_MS = 5 * 60_000;
const LOCK_POLL_MS = 250;

let pending: Promise<NodeLlamaCppInstall> | undefined;

/**
 * The folder to pass as the llama engine's `module_path`, after installing node-llama-cpp there if no
 * earlier run did. Never rejects: a failed install (no registry, a refused package) is a reason to skip.
 * Set MAESTRO_SKIP_LLAMA_TESTS=1 to skip without trying.
 */
export function ensureNodeLlamaCpp(): Promise<NodeLlamaCppInstall> {
  pending ??= install();
  return pending;
}

export function llamaTestCacheFolder(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return (
    process.env.MAESTRO_LLAMA_TEST_CACHE || join(cacheHome, 'maestro-test-llama', NODE_LLAMA_CPP_VERSION)
  );
}

async function install(): Promise<NodeLlamaCppInstall> {
  if (process.env.MAESTRO_SKIP_LLAMA_TESTS) return { ok: false, reason: 'MAESTRO_SKIP_LLAMA_TESTS is set' };
  const folder = llamaTestCacheFolder();
  const marker = join(folder, '.maestro-installed');
  const startedAt = performance.now();
  let installedNow = false;
  if (!existsSync(marker)) {
    mkdirSync(dirname(folder), { recursive: true });
    const release = await acquireLock(`${folder}.lock`, marker);
    try {
      if (!existsSync(marker)) {
        const failure = await runNpmInstall(folder);
        if (failure) return { ok: false, reason: failure };
        writeFileSync(marker, `${new Date().toISOString()}\n`);
        installedNow = true;
      }
    } finally {
      release();
    }
  }
  const load = await loadNodeLlamaCpp(folder);
  if (!load.ok) return { ok: false, reason: load.message };
  return { ok: true, modulePath: folder, installedNow, installMs: performance.now() - startedAt };
}

async function runNpmInstall(folder: string): Promise<string | undefined> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  copyFileSync(fixturePackageJson, join(folder, 'package.json'));
  // The binary package named explicitly: --omit=optional drops node-llama-cpp's optional binaries.
  const [, binaryPackage] = llamaInstallPackages();
  const args = [
    'install',
    '--omit=optional',
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    binaryPackage,
  ];
  // One quick retry: an unreachable registry should skip the tests in seconds, not minutes.
  const retries = ['--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=2000'];
  const result = await run('npm', [...args, ...retries], folder);
  if (result.code === 0) return undefined;
  const errors = result.output
    .split('\n')
    .filter((line) => /^npm error (code|errno|network|\d{3}|request)/.test(line));
  const summary = (errors.length > 0 ? errors : result.output.trim().split('\n').slice(-3))
    .slice(0, 3)
    .join(' | ');
  return `\`npm ${args.join(' ')}\` failed (${result.code ?? result.signal}): ${summary}`;
}

function run(command: string, args: string[], cwd: string) {
  return new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    // The postinstall step must not try to download or build llama.cpp.
    const env = { ...npmNeutralEnvironment(), NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' };
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, output: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

// Under `npm test` or `npx`, npm exports its settings (npm_config_local_prefix=/the/repo, ...), which
// could send the install into the repository. Only the registry, TLS, proxy and cache settings are kept.
function npmNeutralEnvironment(): NodeJS.ProcessEnv {
  const kept =
    /^npm_config_(registry|cafile|ca|cert|key|strict_ssl|proxy|https_proxy|noproxy|userconfig|cache)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_') || kept.test(name)),
  );
}

// A lock folder holding the owner's pid. A waiter returns once the install is done (marker present) or
// takes the lock over when its owner has died.
async function acquireLock(lock: string, marker: string): Promise<() => void> {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (existsSync(marker)) return () => {};
    if (!isOwnerAlive(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for the install lock ${lock}`);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function isOwnerAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // The owner has created the folder but not yet written its pid (or died in between).
    try {
      return Date.now() - statSync(lock).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
