// Options and result of runProcessGroup, and the one place where options are checked and defaulted.

export interface RunProcessGroupOptions {
  /** A string runs through `/bin/sh -c`; a list is executed directly (argv). */
  command: string | readonly string[];
  /**
   * For a string: false runs the string as one program name without arguments. For a list: true runs
   * it through `/bin/sh -c` with each argument quoted.
   * @default true for a string, false for a list
   */
  shell?: boolean;
  /** @default process.cwd() */
  cwd?: string;
  /**
   * The complete child environment; nothing from the parent is added to it.
   * @default buildChildEnvironment() (the minimal environment)
   */
  env?: Readonly<Record<string, string>>;
  /** Text written to the child's stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string;
  /** Deadline; the group is terminated when it passes. Absent (or Infinity) means no deadline. */
  timeoutMs?: number;
  /** Aborting terminates the group; the result then reports `cancelled`. */
  signal?: AbortSignal;
  /**
   * Time between SIGTERM and SIGKILL to the group, and the longest wait for pipes held open by
   * processes that outlive the direct child.
   * @default 2000
   */
  killGraceMs?: number;
  /**
   * Bytes (UTF-8) of each stream kept in the result: the last ones. Callbacks still see everything.
   * @default 1048576 (1 MiB)
   */
  maxCapturedBytes?: number;
  /**
   * Decoded stdout text as it arrives, in order; multi-byte characters are never split. Called from
   * stream events: it must not throw.
   */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Called once the child runs; its pid is also its process group id (e.g. for the run log). */
  onSpawn?: (pid: number) => void;
}

export interface SpawnFailure {
  /** errno code such as ENOENT or EACCES, when known. */
  code?: string;
  message: string;
}

export interface ProcessGroupResult {
  /**
   * 124 on timeout, 130 when cancelled (unless the child exited with its own code), 127 when the
   * program could not be started, 128 + signal number when killed by a signal, else the child's code.
   */
  exitCode: number;
  /** The signal that ended the direct child, if any. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The last `maxCapturedBytes` of stdout. */
  stdout: string;
  stderr: string;
  /** Bytes dropped from the front of stdout / stderr to respect `maxCapturedBytes`. */
  stdoutDroppedBytes: number;
  stderrDroppedBytes: number;
  durationMs: number;
  /** Pid of the direct child, which is also its process group id; absent when spawning failed. */
  pid?: number;
  spawnError?: SpawnFailure;
}

export interface ResolvedRunProcessGroupOptions
  extends Omit<RunProcessGroupOptions, 'killGraceMs' | 'maxCapturedBytes' | 'timeoutMs'> {
  killGraceMs: number;
  maxCapturedBytes: number;
  /** Undefined when there is no deadline a timer can hold. */
  timeoutMs?: number;
}

export const DEFAULT_KILL_GRACE_MS = 2000;
export const DEFAULT_MAX_CAPTURED_BYTES = 1024 * 1024;
// setTimeout fires at once for delays above 2^31 - 1 ms; such deadlines are treated as none.
export const MAX_TIMER_MS = 2_147_483_647;

export function resolveRunProcessGroupOptions(
  options: RunProcessGroupOptions,
): ResolvedRunProcessGroupOptions {
  const { command } = options;
  const isValidCommand =
    (typeof command === 'string' && command.length > 0) ||
    (Array.isArray(command) && command.length > 0 && command.every((part) => typeof part === 'string'));
  if (!isValidCommand) {
    throw new TypeError(
      `Expected \`command\` to be a non-empty string or list of strings, got ${describe(command)}`,
    );
  }
  checkDuration('timeoutMs', options.timeoutMs, { allowInfinity: true });
  checkDuration('killGraceMs', options.killGraceMs, { allowInfinity: false });
  const maxCapturedBytes = options.maxCapturedBytes ?? DEFAULT_MAX_CAPTURED_BYTES;
  if (!Number.isInteger(maxCapturedBytes) || maxCapturedBytes < 0) {
    throw new TypeError(
      `Expected \`maxCapturedBytes\` to be a non-negative integer, got ${describe(maxCapturedBytes)}`,
    );
  }
  const timeoutMs =
    options.timeoutMs !== undefined && options.timeoutMs <= MAX_TIMER_MS ? options.timeoutMs : undefined;
  return {
    ...options,
    timeoutMs,
    killGraceMs: Math.min(options.killGraceMs ?? DEFAULT_KILL_GRACE_MS, MAX_TIMER_MS),
    maxCapturedBytes,
  };
}

function checkDuration(
  name: string,
  value: number | undefined,
  { allowInfinity }: { allowInfinity: boolean },
) {
  if (value === undefined) return;
  const isValid = typeof value === 'number' && value >= 0 && (Number.isFinite(value) || allowInfinity);
  if (!isValid) {
    throw new TypeError(
      `Expected \`${name}\` to be a non-negative number of milliseconds, got ${describe(value)}`,
    );
  }
}

function describe(value: unknown): string {
  return `\`${JSON.stringify(value) ?? String(value)}\` (${Array.isArray(value) ? 'array' : typeof value})`;
}
