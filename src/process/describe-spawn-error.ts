// Turns a failed spawn into a message that names the real cause. Node reports a missing working
// directory as "spawn /bin/sh ENOENT", which blames the program; checking the directory fixes that.
import { existsSync } from 'node:fs';
import type { SpawnFailure } from './run-process-group-options.ts';

export function describeSpawnError(
  error: unknown,
  { file, cwd }: { file: string; cwd?: string },
): SpawnFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
    return { code, message: `Working directory does not exist: ${cwd}` };
  }
  if (code === 'ENOENT') return { code, message: `Program not found: ${file}` };
  if (code === 'EACCES') return { code, message: `Permission denied: ${file}` };
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? { message } : { code, message };
}
