// Loads node-llama-cpp, the optional dependency behind the `llama` engine, with a dynamic import at
// first use. Where it is loaded from:
//   - a module path (engine option `module_path` or the MAESTRO_LLAMA_MODULE variable): the package's
//     entry file, the package folder, or a folder whose node_modules holds it (an install prefix);
//   - otherwise the bare specifier `node-llama-cpp`, resolved from Maestro's own location.
// A missing package is an expected state, reported as data with the command that installs it.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeLlamaCppModule } from './node-llama-cpp-api.ts';

/** The node-llama-cpp version Maestro is tested with. */
export const NODE_LLAMA_CPP_VERSION = '3.22.1';

const PACKAGE_NAME = 'node-llama-cpp';

export type NodeLlamaCppLoad =
  | { ok: true; module: NodeLlamaCppModule; entry: string; version?: string }
  | { ok: false; message: string; cause?: unknown };

const loads = new Map<string, Promise<NodeLlamaCppLoad>>();

/**
 * Imports node-llama-cpp once per module path (concurrent callers share one import). Never rejects.
 * @example
 * const load = await loadNodeLlamaCpp(process.env.MAESTRO_LLAMA_MODULE);
 * if (!load.ok) console.error(load.message); // says how to install it
 */
export function loadNodeLlamaCpp(modulePath?: string): Promise<NodeLlamaCppLoad> {
  const key = modulePath ?? '';
  let load = loads.get(key);
  if (!load) {
    load = importNodeLlamaCpp(modulePath);
    loads.set(key, load);
    // A failed import is not remembered: installing the package makes the next call succeed.
    void load.then((result) => {
      if (!result.ok) loads.delete(key);
    });
  }
  return load;
}

/** The npm command that installs node-llama-cpp with only the prebuilt CPU binary for this platform. */
export function llamaInstallCommand(): string {
  return `npm install ${llamaInstallPackages().join(' ')} --omit=optional`;
}

/**
 * node-llama-cpp and its prebuilt binary package for this platform, pinned. Installing both with
 * --omit=optional skips the CUDA and Vulkan builds (85 MB instead of 725 MB on linux-x64).
 */
export function llamaInstallPackages(): [string, string] {
  return [
    `${PACKAGE_NAME}@${NODE_LLAMA_CPP_VERSION}`,
    `@node-llama-cpp/${binaryPackageSuffix()}@${NODE_LLAMA_CPP_VERSION}`,
  ];
}

async function importNodeLlamaCpp(modulePath: string | undefined): Promise<NodeLlamaCppLoad> {
  let entry: string;
  try {
    entry = modulePath === undefined ? resolveFromMaestro() : resolveModulePath(modulePath);
  } catch (error) {
    return notInstalled(modulePath, error);
  }
  try {
    const module = (await import(pathToFileURL(entry).href)) as Partial<NodeLlamaCppModule>;
    if (typeof module.getLlama !== 'function' || typeof module.LlamaChatSession !== 'function') {
      return { ok: false, message: `${entry} does not look like node-llama-cpp (no getLlama export)` };
    }
    return { ok: true, module: module as NodeLlamaCppModule, entry, version: readPackageVersion(entry) };
  } catch (error) {
    return notInstalled(modulePath, error);
  }
}

function resolveFromMaestro(): string {
  return createRequire(import.meta.url).resolve(PACKAGE_NAME);
}

function resolveModulePath(modulePath: string): string {
  if (statSync(modulePath).isFile()) return modulePath;
  // From inside a folder, `require.resolve` finds the package in its node_modules (an install prefix)
  // or, by self-reference, the package folder itself.
  return createRequire(join(modulePath, 'noop.js')).resolve(PACKAGE_NAME);
}

function notInstalled(modulePath: string | undefined, cause: unknown): NodeLlamaCppLoad {
  const where = modulePath === undefined ? '' : ` from ${modulePath}`;
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return {
    ok: false,
    message:
      `The llama engine needs node-llama-cpp, which could not be loaded${where} (${reason}). ` +
      `Install it next to Maestro with \`${llamaInstallCommand()}\`, or point MAESTRO_LLAMA_MODULE ` +
      '(or the engine option module_path) at a folder where it is installed.',
    cause,
  };
}

// Walks up from the entry file to node-llama-cpp's package.json (its `exports` do not expose it).
function readPackageVersion(entry: string): string | undefined {
  let folder = dirname(entry);
  for (let depth = 0; depth < 6; depth += 1) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === PACKAGE_NAME) return manifest.version;
    } catch {
      // no package.json at this level
    }
    folder = dirname(folder);
  }
  return undefined;
}

function binaryPackageSuffix(): string {
  const { platform, arch } = process;
  if (platform === 'darwin') return arch === 'arm64' ? 'mac-arm64-metal' : 'mac-x64';
  if (platform === 'win32') return `win-${arch}`;
  return `linux-${arch === 'arm' ? 'armv7l' : arch}`;
}
