// Running the built CLI under `strace -f` to see which processes a command starts, and when.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from './cli.ts';

export const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** Runs `maestro ...args` in `dir` under strace, tracing `syscalls`; answers its exit code and trace lines. */
export function traceMaestro(
  dir: string,
  args: string[],
  syscalls: string,
): { status: number | null; lines: string[] } {
  const trace = join(dir, 'trace.txt');
  const traced = spawnSync(
    'strace',
    ['-f', '-qq', '-e', `trace=${syscalls}`, '-o', trace, process.execPath, cliPath, ...args],
    { cwd: dir, encoding: 'utf8' },
  );
  if (traced.error) throw traced.error;
  return { status: traced.status, lines: readFileSync(trace, 'utf8').split('\n') };
}

const succeeded = (line: string) => !/= -\d/.test(line);

/** A clone or fork that made a new process (threads, for workers and libuv's pool, have CLONE_THREAD). */
export function isNewProcess(line: string): boolean {
  return /\b(clone3?|v?fork)\(/.test(line) && !line.includes('CLONE_THREAD') && succeeded(line);
}

/** A program executed successfully. */
export function isExec(line: string): boolean {
  return /\bexecve\(/.test(line) && succeeded(line);
}
