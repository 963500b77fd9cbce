// `guard_command`: a check that runs after a successful attempt (and its verify_command), in the task's
// working directory and environment, with the attempt's output tail on stdin, in its own process group.
// Any non-zero exit (or a timeout) fails the attempt; its output is the feedback for the retry.
import { runProcessGroup } from '../../process/index.ts';

/** maestro-cli gives a guard 30 s; a task with a shorter timeout gives it less. */
export const GUARD_TIMEOUT_MS = 30_000;
const outputCapBytes = 64 * 1024;

export interface GuardCommandOptions {
  command: string | string[];
  cwd: string;
  env: Record<string, string>;
  /** Written to the guard's stdin (then closed). */
  input: string;
  /** The task's own timeout; the guard gets the smaller of this and 30 s. */
  taskTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface GuardOutcome {
  ok: boolean;
  exitCode: number;
  timedOut: boolean;
  cancelled: boolean;
  /** Combined stdout and stderr (the last 64 KiB of each). */
  output: string;
  durationMs: number;
}

export async function runGuardCommand(options: GuardCommandOptions): Promise<GuardOutcome> {
  const result = await runProcessGroup({
    command: options.command,
    cwd: options.cwd,
    env: options.env,
    input: options.input,
    timeoutMs: Math.min(GUARD_TIMEOUT_MS, options.taskTimeoutMs ?? GUARD_TIMEOUT_MS),
    signal: options.signal,
    maxCapturedBytes: outputCapBytes,
  });
  const output = [result.stdout, result.stderr].filter((part) => part.length > 0).join('\n');
  const spawnNote = result.spawnError ? `could not start the guard: ${result.spawnError.message}` : '';
  return {
    ok: result.exitCode === 0 && !result.timedOut && !result.cancelled,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    output: [output, spawnNote].filter(Boolean).join('\n'),
    durationMs: result.durationMs,
  };
}
