// The only door from the plan layer to the file system: reading plan files, fragments, prompt files and
// checking that folders exist. Tests pass an in-memory implementation.
import { readFile, stat } from 'node:fs/promises';

export interface PlanFiles {
  /**
   * The file's text, or undefined when it does not exist or is not a file. Throws when it is there but
   * cannot be read (no permission, a symlink loop, a name too long, ...), which each caller turns into
   * the coded error of its kind of file (`readPlanText`).
   */
  readText(path: string): Promise<string | undefined>;
  isDirectory(path: string): Promise<boolean>;
  isFile(path: string): Promise<boolean>;
}

export const localPlanFiles: PlanFiles = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
  async isDirectory(path) {
    return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  },
  async isFile(path) {
    return (await stat(path).catch(() => undefined))?.isFile() ?? false;
  },
};

/**
 * `files.readText(path)`, with a failure to read turned into the caller's coded error (`unreadable` gets
 * the reason in words): a file a plan names is the user's problem to fix, never an internal error.
 */
export async function readPlanText(
  files: PlanFiles,
  path: string,
  unreadable: (reason: string) => Error,
): Promise<string | undefined> {
  try {
    return await files.readText(path);
  } catch (error) {
    throw unreadable(readFailureReason(error));
  }
}

/** `ELOOP: too many symbolic links encountered`: Node's words without the path (the caller names it). */
export function readFailureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message.replace(/, \w+ '.*'$/s, '');
}

/** In-memory files keyed by absolute path (for tests and tools that build plans in memory). */
export function memoryPlanFiles(
  files: Readonly<Record<string, string>>,
  directories: readonly string[] = [],
): PlanFiles {
  return {
    readText: async (path) => files[path],
    isDirectory: async (path) => directories.includes(path),
    isFile: async (path) => path in files,
  };
}
