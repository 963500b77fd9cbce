// Translates a finished process group into an EngineOutcome: exit 0 is success; everything else becomes
// one EngineError kind with the process facts kept in `raw`.
import type { ProcessGroupResult } from '../../process/index.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { EngineError, EngineOutcome } from '../engine.ts';

const MAX_DETAIL_CHARS = 200;

export interface ShellExitContext {
  /** The human-readable command line. */
  command: string;
  timeoutMs?: number;
}

export function mapShellExit(result: ProcessGroupResult, context: ShellExitContext): EngineOutcome {
  const outcome: EngineOutcome = {
    ok: false,
    text: result.stdout,
    stderr: result.stderr,
    exitCode: result.exitCode,
    command: context.command,
    durationMs: result.durationMs,
  };
  const error = shellError(result, context);
  if (error) outcome.error = error;
  else outcome.ok = true;
  return outcome;
}

function shellError(result: ProcessGroupResult, context: ShellExitContext): EngineError | undefined {
  const raw = {
    exitCode: result.exitCode,
    signal: result.signal,
    pid: result.pid,
    spawnError: result.spawnError,
  };
  if (result.spawnError) {
    const { code, message } = result.spawnError;
    const kind = code === 'ENOENT' || code === 'ENOTDIR' ? 'not_found' : 'crashed';
    return createEngineError(kind, message, raw);
  }
  if (result.timedOut) {
    return createEngineError('timeout', `Command timed out after ${context.timeoutMs} ms`, raw);
  }
  if (result.cancelled) return createEngineError('cancelled', 'Command was cancelled', raw);
  if (result.exitCode === 0) return undefined;
  if (result.signal !== null) {
    return createEngineError(
      'crashed',
      `Command was killed by ${result.signal}${detail(result.stderr)}`,
      raw,
    );
  }
  return createEngineError(
    'exit_code',
    `Command exited with code ${result.exitCode}${detail(result.stderr)}`,
    raw,
  );
}

// The last non-empty stderr line, which usually says what went wrong.
function detail(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .at(-1);
  if (line === undefined) return '';
  return `: ${line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS)}…` : line}`;
}
