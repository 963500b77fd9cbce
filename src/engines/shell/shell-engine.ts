// The `shell` engine: runs a task's command in its own process group (see src/process). A string runs
// through `/bin/sh -c`, a list is executed directly; the outcome's text is the command's stdout.
import { formatCommandLine, type ProcessGroupResult, runProcessGroup } from '../../process/index.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { Engine, EngineCall, EngineIo, EngineOutcome } from '../engine.ts';
import { mapShellExit } from './map-shell-exit.ts';
import type { ShellEngineOptions } from './shell-engine-options.ts';

export class ShellEngine implements Engine {
  readonly name = 'shell';
  readonly #options: ShellEngineOptions;

  constructor(options: ShellEngineOptions = {}) {
    this.#options = options;
  }

  async run(call: EngineCall, io: EngineIo): Promise<EngineOutcome> {
    const { command } = call;
    if (command === undefined || command.length === 0) {
      return unsupported(`Task '${call.taskId}' has no command for the shell engine`);
    }
    let result: ProcessGroupResult;
    try {
      result = await runProcessGroup({
        command,
        shell: call.shell,
        cwd: call.cwd,
        env: call.env,
        timeoutMs: call.timeoutMs,
        signal: io.signal,
        killGraceMs: this.#options.killGraceMs,
        maxCapturedBytes: this.#options.maxCapturedBytes,
        onStdout: io.onStdout,
        onStderr: io.onStderr,
      });
    } catch (error) {
      // runProcessGroup rejects only for invalid options (a bad timeout, a non-string argument).
      if (error instanceof TypeError) return unsupported(error.message, formatCommandLine(command));
      throw error;
    }
    return mapShellExit(result, { command: formatCommandLine(command), timeoutMs: call.timeoutMs });
  }
}

function unsupported(message: string, command?: string): EngineOutcome {
  const outcome: EngineOutcome = {
    ok: false,
    text: '',
    durationMs: 0,
    error: createEngineError('unsupported', message),
  };
  if (command !== undefined) outcome.command = command;
  return outcome;
}
